// SPDX-License-Identifier: GPL-3.0-or-later
// What every plot offers so that it can leave the app: a picture (PNG, SVG, PDF) and the
// data behind it (CSV). Panels that show more than one plot offer one Exportable each.
#pragma once

#include <QString>
#include <QStringList>
#include <cmath>
#include <functional>
#include <utility>
#include <vector>

class QWidget;

namespace flocculus::ui {

// The data behind a plot as a table of text cells (numbers already formatted, so that
// exports are exact and reproducible). Every row has as many cells as there are columns.
struct PlotTable {
    QStringList columns;
    std::vector<QStringList> rows;
};

// A number for a table cell with a fixed number of decimals; empty when undefined.
inline QString table_number(double v, int decimals) {
    return std::isfinite(v) ? QString::number(v, 'f', decimals) : QString();
}

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

// One view of a widget that shows several (a figure of several axes): the picture is the
// whole widget, the table this view's data.
class ExportableView final : public Exportable {
public:
    ExportableView(QString name, QString title, QWidget* widget, std::function<PlotTable()> table)
        : name_(std::move(name)), title_(std::move(title)), widget_(widget),
          table_(std::move(table)) {}
    QString export_name() const override { return name_; }
    QString export_title() const override { return title_; }
    QWidget* export_widget() const override { return widget_; }
    PlotTable export_table() const override { return table_(); }

private:
    QString name_, title_;
    QWidget* widget_;
    std::function<PlotTable()> table_;
};

}  // namespace flocculus::ui
