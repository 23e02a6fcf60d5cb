// SPDX-License-Identifier: GPL-3.0-or-later
// The parameter panel, generated from the core's registry (core/params/registry.hpp): a row
// per parameter with a slider and a number box kept in step, the unit, and a tooltip with
// the biological meaning, default and valid range. Rows are grouped by the prefix of their
// dotted name in collapsible sections, after a "Teaching" section with the parameters a
// class changes most. The panel only emits requests (cmd::SetParameter); it shows the
// values of the runner's snapshots, marks structural changes that wait for a reset, and
// shows values the runner refused.
#pragma once

#include <QWidget>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "runner.hpp"
#include "slider_scale.hpp"

class QAbstractButton;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSlider;
class QToolButton;
class QVBoxLayout;

namespace flocculus::ui {

// Names of the parameters in the "Teaching" section, in order. Each must be in the
// registry (checked by a test; a missing one is left out with a warning at start-up).
std::span<const std::string_view> teaching_parameter_names();
// A label for a parameter derived from its dotted name: "pf.ltd_rate" -> "LTD rate"
// (the unit, shown beside it, is dropped from the end of the name).
QString parameter_label(const ParamSpec& spec);
// The title of a group of parameters: "pf" -> "PF → Purkinje synapses".
QString group_title(const std::string& group);
// The tooltip of a parameter: name, meaning, default and valid range, all from the registry.
QString parameter_tooltip(const ParamSpec& spec);

class ParameterPanel : public QWidget {
    Q_OBJECT

public:
    static constexpr const char* kTeachingGroup = "teaching";

    explicit ParameterPanel(QWidget* parent = nullptr);

    // Shows the parameters of the snapshot (the values the next reset builds), unless a
    // request of the user has not been applied yet (hold_until).
    void show_snapshot(const Snapshot& s);
    // Snapshots that have not applied command number `command` keep the controls as set.
    void hold_until(std::uint64_t command);

    // For tests. A parameter may have a row in the Teaching section and in its own group;
    // these return the row of its own group.
    QSlider* slider(std::string_view name) const;
    QDoubleSpinBox* number_box(std::string_view name) const;
    QComboBox* choice_box(std::string_view name) const;
    bool is_logarithmic(std::string_view name) const;
    bool shows_pending(std::string_view name) const;
    bool shows_refused(std::string_view name) const;
    bool is_row_visible(std::string_view name) const;  // not hidden by the filter
    int row_count() const { return static_cast<int>(rows_.size()); }
    QStringList group_titles() const;                  // in display order
    QStringList teaching_names() const;                // names of the Teaching rows
    QLineEdit* filter_box() const { return filter_; }
    QPushButton* defaults_button() const { return defaults_; }
    QString error_text() const;
    QString pending_text() const;  // empty when nothing waits for a reset

public slots:
    void set_filter(const QString& text);
    // Requests every parameter's default.
    void restore_defaults();

signals:
    void requested(flocculus::Command command);

private:
    struct Row {
        const ParamSpec* spec = nullptr;
        SliderScale scale;
        bool teaching = false;
        QLabel* label = nullptr;
        QSlider* slider = nullptr;
        QDoubleSpinBox* number = nullptr;
        QComboBox* choice = nullptr;
        QLabel* unit = nullptr;
        QLabel* note = nullptr;  // pending / refused
        bool pending = false;
        bool refused = false;
    };
    struct Section {
        QToolButton* header = nullptr;
        QWidget* body = nullptr;
        std::vector<std::size_t> rows;
    };

    // Returns the new section's index.
    std::size_t add_section(QVBoxLayout* into, const QString& title, bool expanded);
    void add_row(std::size_t section, const ParamSpec& spec, bool teaching);
    const Row* own_row(std::string_view name) const;
    // Shows `value` in every row of the parameter (without emitting requests).
    void show_value(const ParamSpec& spec, double value);
    // The user set a parameter in row `index`.
    void user_set(std::size_t index, double value);
    void show_note(Row& row, bool pending, bool refused, const QString& refusal);

    QLineEdit* filter_ = nullptr;
    QPushButton* defaults_ = nullptr;
    QLabel* error_ = nullptr;
    QLabel* pending_ = nullptr;  // names of the parameters waiting for a reset
    std::vector<Row> rows_;
    std::vector<Section> sections_;
    Parameters shown_{};       // the values the controls show
    std::uint64_t hold_until_ = 0;
    std::uint64_t last_sequence_ = 0;
    int number_width_ = 80;
    int unit_width_ = 30;
};

}  // namespace flocculus::ui
