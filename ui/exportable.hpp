// SPDX-License-Identifier: GPL-3.0-or-later
// What every plot offers so that it can leave the app: a picture (PNG, SVG, PDF) and the
// data behind it (CSV). Panels that show more than one plot offer one Exportable each.
#pragma once

#include <QString>
#include <QStringList>
#include <vector>

class QWidget;

namespace flocculus::ui {

// The data behind a plot as a table of text cells (numbers already formatted, so that
// exports are exact and reproducible). Every row has as many cells as there are columns.
struct PlotTable {
    QStringList columns;
    std::vector<QStringList> rows;
};

class Exportable {
public:
    virtual ~Exportable() = default;
    // Short lower-case stem for file names, e.g. "purkinje-raster".
    virtual QString export_name() const = 0;
    // Human-readable title for menus, e.g. "Purkinje cell raster".
    virtual QString export_title() const = 0;
    // The widget that is painted. A QCustomPlot is painted through its own export functions
    // (vector output in SVG and PDF); any other widget through QWidget::render.
    virtual QWidget* export_widget() const = 0;
    // The data behind the plot as it is drawn now.
    virtual PlotTable export_table() const = 0;

protected:
    Exportable() = default;
    Exportable(const Exportable&) = default;
    Exportable& operator=(const Exportable&) = default;
};

}  // namespace flocculus::ui
