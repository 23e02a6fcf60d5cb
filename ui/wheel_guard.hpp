// SPDX-License-Identifier: GPL-3.0-or-later
// In a scrolled list of controls, the mouse wheel should scroll the list, not change the
// slider or number box that happens to pass under the pointer. A guarded control takes
// wheel events only once it has the keyboard focus (clicked or tabbed to); otherwise they
// go on to the scroll area.
#pragma once

class QWidget;

namespace flocculus::ui {

void take_wheel_only_when_focused(QWidget* control);

}  // namespace flocculus::ui
