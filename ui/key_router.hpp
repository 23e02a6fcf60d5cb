// SPDX-License-Identifier: GPL-3.0-or-later
// Keyboard shortcuts of a window that work whatever widget has the focus (a button, a
// slider, the lesson text), except while the user is typing into a line of text or a
// number box; there Escape hands the focus back to `home`.
#pragma once

#include <QObject>
#include <QPointer>

class QWidget;

namespace flocculus::ui {

class KeyRouter : public QObject {
    Q_OBJECT

  public:
    // Watches every widget of `window` (installed on the application).
    KeyRouter(QWidget* window, QWidget* home);

    // Whether keys typed into `w` are text or numbers rather than commands.
    static bool takes_typing(const QWidget* w);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    QPointer<QWidget> window_;
    QPointer<QWidget> home_;
};

}  // namespace flocculus::ui
