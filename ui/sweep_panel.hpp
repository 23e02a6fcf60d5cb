// SPDX-License-Identifier: GPL-3.0-or-later
// A sweep folder (DESIGN §4.1) in the window: any measure of summary.json plotted against
// one grid parameter, the mean over seeds with its spread (± one standard deviation) and
// every seed's value, one line per combination of the other grid parameters. Reads the
// folder's jobs.tsv and runs/*/summary.json (as `flocculus-cli collect` does); exportable
// like every plot.
#pragma once

#include <QString>
#include <QStringList>
#include <QWidget>
#include <memory>

#include "exportable.hpp"

class QComboBox;
class QCustomPlot;
class QLabel;

namespace flocculus::sweep {
struct SweepResults;
}

namespace flocculus::ui {

class SweepPanel : public QWidget, public Exportable {
    Q_OBJECT

  public:
    explicit SweepPanel(QWidget* parent = nullptr);
    ~SweepPanel() override;

    // Reads a sweep folder. Returns a one-line error (and keeps what was shown), or empty.
    QString open(const QString& dir);
    QString folder() const { return folder_; }

    QStringList measures() const;    // numeric scalars of the finished runs
    QStringList parameters() const;  // the grid parameters
    void set_measure(const QString& name);
    void set_parameter(const QString& name);
    QString status_text() const;

    // Exportable: one row per point drawn: grid value, the other grid values, seeds, mean, SD.
    QString export_name() const override { return QStringLiteral("sweep"); }
    QString export_title() const override;
    QWidget* export_widget() const override;
    PlotTable export_table() const override;

    QCustomPlot* plot() const { return plot_; }

  private:
    void redraw();
    void export_dialog();

    QString folder_;
    std::unique_ptr<sweep::SweepResults> results_;
    QLabel* folder_label_ = nullptr;
    QLabel* status_ = nullptr;
    QComboBox* measure_ = nullptr;
    QComboBox* parameter_ = nullptr;
    QCustomPlot* plot_ = nullptr;
    PlotTable table_;
};

// Asks for a sweep folder and opens it in a window of its own (File ▸ Open sweep folder).
void open_sweep_window(QWidget* parent);

}  // namespace flocculus::ui
