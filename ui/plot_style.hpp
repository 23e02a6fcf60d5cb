// SPDX-License-Identifier: GPL-3.0-or-later
// Small helpers shared by the plot panels.
#pragma once

#include <QFont>

namespace flocculus::ui {

// `base` scaled by `factor`, optionally bold.
inline QFont scaled_font(const QFont& base, double factor, bool bold = false) {
    QFont f = base;
    f.setPointSizeF(base.pointSizeF() * factor);
    f.setBold(bold);
    return f;
}

}  // namespace flocculus::ui
