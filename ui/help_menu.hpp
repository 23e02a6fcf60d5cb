// SPDX-License-Identifier: GPL-3.0-or-later
// The Help menu (the keyboard shortcuts, the user guide read inside the program, and the
// version and licence) and presenter mode in the View menu: full screen, and one text size
// for every panel and plot, for a projector.
#pragma once

#include <QObject>
#include <QPointer>
#include <QString>

class QAction;
class QDialog;
class QMainWindow;
class QMenu;
class QTextBrowser;

namespace flocculus::ui {

class HelpMenu : public QObject {
    Q_OBJECT

  public:
    static constexpr double kMinTextScale = 0.8;
    static constexpr double kMaxTextScale = 2.5;
    static constexpr double kTextScaleStep = 1.15;

    // Adds Help to the window's menu bar and presenter mode to `view`.
    HelpMenu(QMainWindow* window, QMenu* view);

    QMenu* menu() const { return menu_; }
    // Every shortcut of the window, as "keys — what", one a line, in menu order.
    QStringList shortcut_lines() const;
    // Opens the user guide in a window of its own; returns it.
    QTextBrowser* show_guide();
    QString about_text() const;

    // Text size as a multiple of the size the program started with.
    double text_scale() const { return scale_; }
    void set_text_scale(double scale);
    QAction* full_screen_action() const { return full_screen_; }
    QAction* larger_action() const { return larger_; }
    QAction* smaller_action() const { return smaller_; }

  private:
    void show_shortcuts();
    void show_about();

    QMainWindow* window_;
    QMenu* menu_ = nullptr;
    QAction* full_screen_ = nullptr;
    QAction* larger_ = nullptr;
    QAction* smaller_ = nullptr;
    QPointer<QDialog> guide_;
    double scale_ = 1.0;
    double base_point_size_ = 0;
};

}  // namespace flocculus::ui
