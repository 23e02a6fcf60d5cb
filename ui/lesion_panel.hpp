// SPDX-License-Identifier: GPL-3.0-or-later
// Lesions (core/params/lesions.hpp): a toggle per lesion, with its description, and the
// fraction of the part that is removed or blocked. The panel only emits requests
// (cmd::SetLesion) and shows the lesions in force in the runner's snapshots, scheduled
// lesions (RunConfig::lesions_at) included once their trial has begun; the schedule itself
// is listed above the toggles.
#pragma once

#include <QStringList>
#include <QWidget>
#include <array>
#include <cstdint>

#include "runner.hpp"

class QCheckBox;
class QLabel;
class QPushButton;
class QSlider;

namespace flocculus::ui {

class LesionPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr int kPercentSteps = 100;  // the fraction slider's resolution

    explicit LesionPanel(QWidget* parent = nullptr);

    // Shows the snapshot's lesions, unless a request of the user has not been applied yet.
    void show_snapshot(const Snapshot& s);
    // Snapshots that have not applied command number `command` keep the controls as set.
    void hold_until(std::uint64_t command);

    // For tests.
    QCheckBox* toggle(Lesion l) const { return rows_[index(l)].toggle; }
    QSlider* fraction_slider(Lesion l) const { return rows_[index(l)].fraction; }
    QPushButton* clear_button() const { return clear_; }
    // The fractions the controls show.
    const Lesions& shown() const { return shown_; }
    // The run's scheduled lesions (RunConfig::lesions_at) as listed, one line each, e.g.
    // "trial 151: purkinje 100 % (in force)", "trial 201: dcn 100 % (upcoming)".
    QStringList schedule_lines() const { return schedule_lines_; }
    QLabel* schedule_label() const { return schedule_; }

public slots:
    // Requests that every lesion be undone.
    void clear_all();

signals:
    void requested(flocculus::Command command);

private:
    struct Row {
        QCheckBox* toggle = nullptr;
        QSlider* fraction = nullptr;
        QLabel* percent = nullptr;
    };
    static std::size_t index(Lesion l) { return static_cast<std::size_t>(l); }
    void user_set(Lesion l, double fraction);
    void show_fraction(Lesion l, double fraction);

    std::array<Row, kLesionCount> rows_{};
    QPushButton* clear_ = nullptr;
    QLabel* schedule_ = nullptr;
    QStringList schedule_lines_;
    Lesions shown_{};
    std::uint64_t hold_until_ = 0;
};

}  // namespace flocculus::ui
