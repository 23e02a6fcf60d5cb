// SPDX-License-Identifier: GPL-3.0-or-later
#include "wheel_guard.hpp"

#include <QEvent>
#include <QObject>
#include <QWidget>

namespace flocculus::ui {
namespace {

class WheelGuard : public QObject {
public:
    using QObject::QObject;

protected:
    bool eventFilter(QObject* watched, QEvent* event) override {
        if (event->type() != QEvent::Wheel) return false;
        const auto* w = qobject_cast<QWidget*>(watched);
        if (!w || w->hasFocus()) return false;
        // Not for this control: unaccepted, the event goes on to its parents.
        event->ignore();
        return true;
    }
};

}  // namespace

void take_wheel_only_when_focused(QWidget* control) {
    static WheelGuard* guard = new WheelGuard;
    control->setFocusPolicy(Qt::StrongFocus);
    control->installEventFilter(guard);
}

}  // namespace flocculus::ui
