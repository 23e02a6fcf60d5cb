// SPDX-License-Identifier: GPL-3.0-or-later
// Play/pause, step, reset, protocol and speed, and live readouts of the run. The bar only
// emits requests; the window turns them into runner commands.
#pragma once

#include <QToolBar>
#include <cstdint>
#include <optional>

#include "runner.hpp"

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QSpinBox;

namespace flocculus::ui {

class TransportBar : public QToolBar {
    Q_OBJECT

public:
    explicit TransportBar(QWidget* parent = nullptr);

    // Updates the readouts, and sets the controls to the runner's state (a step that
    // ended, a finished protocol) unless a request of the user is still on its way.
    void show_snapshot(const Snapshot& s);
    // Snapshots that have not yet applied command number `command` (Runner::send) predate
    // the user's latest request: they update the readouts but not the controls, which
    // would otherwise undo what the user did.
    void hold_controls_until(std::uint64_t command);

    QAction* play_action() const { return play_; }
    QAction* step_action() const { return step_; }
    QAction* reset_action() const { return reset_; }
    QComboBox* protocol_box() const { return protocol_box_; }
    QSlider* speed_slider() const { return speed_slider_; }
    QLineEdit* seed_edit() const { return seed_edit_; }
    QSpinBox* trials_box() const { return trials_box_; }
    double chosen_speed() const;  // multiple of real time; 0 = as fast as possible
    QString trial_readout() const;
    QString phase_readout() const;
    QString realtime_readout() const;

public slots:
    void set_protocol(flocculus::Protocol p);  // selects it (emits protocol_chosen)
    void set_speed(double speed);             // nearest step (emits speed_chosen)

signals:
    void play_requested();
    void pause_requested();
    void step_requested();
    void reset_requested();
    void protocol_chosen(flocculus::Protocol protocol);
    void speed_chosen(double speed);
    // A new seed or trial count (trials empty: the protocol's own length) for a new run.
    void run_settings_chosen(std::uint64_t seed, std::optional<int> trials);

  private:
    void on_play_triggered(bool checked);
    void show_playing(bool playing);
    void show_run_settings(const Snapshot& s);
    void choose_run_settings();

    QAction* play_ = nullptr;
    QAction* step_ = nullptr;
    QAction* reset_ = nullptr;
    QComboBox* protocol_box_ = nullptr;
    QSlider* speed_slider_ = nullptr;
    QLabel* speed_label_ = nullptr;
    QLineEdit* seed_edit_ = nullptr;
    QSpinBox* trials_box_ = nullptr;
    std::uint64_t shown_seed_ = 1;
    std::optional<int> shown_trials_;
    Protocol shown_protocol_ = Protocol::StepRamp;
    QLabel* trial_label_ = nullptr;
    QLabel* phase_label_ = nullptr;
    QLabel* realtime_label_ = nullptr;

    std::uint64_t hold_until_ = 0;
};

}  // namespace flocculus::ui
