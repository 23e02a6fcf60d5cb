// SPDX-License-Identifier: GPL-3.0-or-later
#include "key_router.hpp"

#include <QAbstractSpinBox>
#include <QApplication>
#include <QComboBox>
#include <QKeyEvent>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QTextEdit>

namespace flocculus::ui {

KeyRouter::KeyRouter(QWidget* window, QWidget* home)
    : QObject(window), window_(window), home_(home) {
    qApp->installEventFilter(this);
}

bool KeyRouter::takes_typing(const QWidget* w) {
    for (; w; w = w->parentWidget()) {
        if (const auto* line = qobject_cast<const QLineEdit*>(w)) return !line->isReadOnly();
        if (qobject_cast<const QAbstractSpinBox*>(w)) return true;
        if (const auto* text = qobject_cast<const QTextEdit*>(w)) return !text->isReadOnly();
        if (const auto* plain = qobject_cast<const QPlainTextEdit*>(w)) return !plain->isReadOnly();
        if (const auto* combo = qobject_cast<const QComboBox*>(w)) return combo->isEditable();
        if (w->isWindow()) break;
    }
    return false;
}

bool KeyRouter::eventFilter(QObject* watched, QEvent* event) {
    const QEvent::Type type = event->type();
    if (type != QEvent::ShortcutOverride && type != QEvent::KeyPress) return false;
    auto* widget = qobject_cast<QWidget*>(watched);
    if (!widget || !window_ || widget->window() != window_) return false;
    const auto* key = static_cast<QKeyEvent*>(event);
    if (takes_typing(widget)) {
        // Typing: the keys are the widget's, and Escape leaves it.
        if (type == QEvent::KeyPress && key->key() == Qt::Key_Escape && home_) {
            home_->setFocus(Qt::ShortcutFocusReason);
            return true;
        }
        return false;
    }
    // Elsewhere no widget may keep a key from the window's shortcuts (a focused button
    // would otherwise take Space, the lesson text the arrows).
    if (type == QEvent::ShortcutOverride) {
        event->ignore();
        return true;
    }
    return false;
}

}  // namespace flocculus::ui
