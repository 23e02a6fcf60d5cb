// SPDX-License-Identifier: GPL-3.0-or-later
#include "parameter_panel.hpp"

#include <QComboBox>
#include <QCoreApplication>
#include <QDoubleSpinBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>
#include <array>
#include <cctype>
#include <cmath>

#include "palette.hpp"
#include "wheel_guard.hpp"

namespace flocculus::ui {
namespace {

// The parameters a class changes most: learning rates of both sites of plasticity, the
// teacher's gain, the visual delay, noise, and the instruction.
constexpr std::array<std::string_view, 9> kTeaching{
    "pf.ltd_rate",
    "pf.ltp_rate",
    "dcn.ltp_rate",
    "dcn.ltd_rate",
    "io.slip_gain",
    "eye.visual_delay_ms",
    "pc.noise",
    "task.instruction_speed_deg_s",
    "task.instruction_onset_ms",
};

struct GroupTitle {
    std::string_view group;
    const char* title;
};
constexpr std::array<GroupTitle, 15> kGroupTitles{{
    {"sim", QT_TRANSLATE_NOOP("ParameterPanel", "Simulation")},
    {"task", QT_TRANSLATE_NOOP("ParameterPanel", "Task")},
    {"eye", QT_TRANSLATE_NOOP("ParameterPanel", "Eye and brainstem")},
    {"network", QT_TRANSLATE_NOOP("ParameterPanel", "Network size")},
    {"mf", QT_TRANSLATE_NOOP("ParameterPanel", "Mossy fibres")},
    {"gc", QT_TRANSLATE_NOOP("ParameterPanel", "Granule cells")},
    {"golgi", QT_TRANSLATE_NOOP("ParameterPanel", "Golgi cells")},
    {"pc", QT_TRANSLATE_NOOP("ParameterPanel", "Purkinje cells")},
    {"mli", QT_TRANSLATE_NOOP("ParameterPanel", "Interneurons (MLI)")},
    {"pf", QT_TRANSLATE_NOOP("ParameterPanel", "PF → Purkinje synapses")},
    {"io", QT_TRANSLATE_NOOP("ParameterPanel", "Inferior olive")},
    {"dcn", QT_TRANSLATE_NOOP("ParameterPanel", "Deep cerebellar nuclei")},
    {"eb", QT_TRANSLATE_NOOP("ParameterPanel", "Eyeblink zone")},
    {"eyelid", QT_TRANSLATE_NOOP("ParameterPanel", "Eyelid")},
    {"record", QT_TRANSLATE_NOOP("ParameterPanel", "Recording")},
}};

// Words of parameter names written in capitals (abbreviations of the circuit's parts),
// or spelled out.
constexpr std::array<std::string_view, 11> kAcronyms{"ltd", "ltp", "pf", "pc", "mf", "dcn",
                                                     "io",  "gc",  "mli", "cs", "iti"};
struct Spelling {
    std::string_view word;
    const char* text;
};
constexpr std::array<Spelling, 3> kSpellings{{{"w", "weight"}, {"tau", "τ"}, {"dt", "Δt"}}};

// How a unit reads at the end of a parameter name: "deg/s" -> "deg_s",
// "Hz/(deg/s)" -> "hz_per_deg_s".
QString unit_suffix(std::string_view unit) {
    QString u = QString::fromUtf8(unit).toLower();
    u.replace(QStringLiteral("/("), QStringLiteral("_per_"));
    u.replace(QLatin1Char('/'), QLatin1Char('_'));
    u.remove(QLatin1Char('('));
    u.remove(QLatin1Char(')'));
    return u;
}

bool is_acronym(const QString& word) {
    for (const auto a : kAcronyms)
        if (word == QString::fromUtf8(a)) return true;
    return false;
}

QString spelled(const QString& word) {
    if (is_acronym(word)) return word.toUpper();
    for (const auto& s : kSpellings)
        if (word == QString::fromUtf8(s.word)) return QString::fromUtf8(s.text);
    return word;
}

QString capitalised(QString s) {
    if (!s.isEmpty()) s[0] = s[0].toUpper();
    return s;
}

// Whether `error` names the parameter (as a whole word).
bool mentions(const std::string& error, std::string_view name) {
    for (std::size_t at = error.find(name); at != std::string::npos;
         at = error.find(name, at + 1)) {
        const std::size_t end = at + name.size();
        const auto part_of_name = [](char c) {
            return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
        };
        const bool starts = at == 0 || !part_of_name(error[at - 1]);
        const bool ends = end == error.size() || !part_of_name(error[end]) ||
                          (error[end] == '.' && (end + 1 == error.size() || error[end + 1] == ' '));
        if (starts && ends) return true;
    }
    return false;
}

// A number box that shows values as they are typed on a command line ("2e-07", "0.002",
// "100000") and steps through the slider's positions.
class NumberBox : public QDoubleSpinBox {
public:
    NumberBox(const ParamSpec& spec, const SliderScale& scale, QWidget* parent)
        : QDoubleSpinBox(parent), scale_(scale), integer_(spec.kind != ParamKind::Real) {
        setDecimals(integer_ ? 0 : 15);
        setRange(spec.min_value, spec.max_value);
        setKeyboardTracking(false);
        setAccelerated(true);
        setCorrectionMode(QAbstractSpinBox::CorrectToNearestValue);
        setButtonSymbols(QAbstractSpinBox::UpDownArrows);
        setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    }

    QString textFromValue(double v) const override {
        if (integer_) return QString::number(static_cast<qlonglong>(std::llround(v)));
        return QString::number(v, 'g', 6);
    }

    double valueFromText(const QString& text) const override {
        return QLocale::c().toDouble(text.trimmed());
    }

    QValidator::State validate(QString& text, int& /*pos*/) const override {
        const QString t = text.trimmed();
        if (t.isEmpty()) return QValidator::Intermediate;
        bool ok = false;
        const double v = QLocale::c().toDouble(t, &ok);
        if (ok && (!integer_ || v == std::floor(v)))
            return v >= minimum() && v <= maximum() ? QValidator::Acceptable
                                                    : QValidator::Intermediate;
        static const QRegularExpression partial_real(
            QStringLiteral(R"(^[+-]?(\d*\.?\d*)([eE][+-]?\d*)?$)"));
        static const QRegularExpression partial_integer(QStringLiteral(R"(^[+-]?\d*$)"));
        return (integer_ ? partial_integer : partial_real).match(t).hasMatch()
                   ? QValidator::Intermediate
                   : QValidator::Invalid;
    }

    void stepBy(int steps) override {
        int pos = scale_.to_position(value());
        // From a value between two positions, the first step goes to the neighbour.
        const double at = scale_.to_value(pos);
        if (steps > 0 && at > value()) --pos;
        if (steps < 0 && at < value()) ++pos;
        setValue(scale_.to_value(pos + steps));
    }

private:
    SliderScale scale_;
    bool integer_;
};

}  // namespace

std::span<const std::string_view> teaching_parameter_names() { return kTeaching; }

QString parameter_label(const ParamSpec& spec) {
    const std::string_view name = spec.name;
    QString field = QString::fromUtf8(name.substr(name.find('.') + 1));
    const QString suffix = unit_suffix(spec.unit);
    if (!suffix.isEmpty() && field.endsWith(QLatin1Char('_') + suffix))
        field.chop(suffix.size() + 1);
    QStringList words = field.split(QLatin1Char('_'), Qt::SkipEmptyParts);
    for (auto& w : words) w = spelled(w);
    return capitalised(words.join(QLatin1Char(' ')));
}

QString group_title(const std::string& group) {
    for (const auto& g : kGroupTitles)
        if (g.group == group) return QCoreApplication::translate("ParameterPanel", g.title);
    return capitalised(QString::fromStdString(group));
}

QString parameter_tooltip(const ParamSpec& spec) {
    const QString unit =
        spec.unit.empty() ? QString() : QLatin1Char(' ') + QString::fromUtf8(spec.unit);
    QString tip = QStringLiteral("<p><b>%1</b> &nbsp;<code>%2</code></p><p>%3.</p>")
                      .arg(parameter_label(spec).toHtmlEscaped(), QString::fromUtf8(spec.name),
                           QString::fromUtf8(spec.description).toHtmlEscaped());
    tip += QCoreApplication::translate("ParameterPanel", "<p>Default %1%2 · valid %3</p>")
               .arg(QString::fromStdString(spec.format_value(spec.default_value)), unit,
                    QString::fromStdString(spec.range_text()).toHtmlEscaped());
    if (spec.structural)
        tip += QCoreApplication::translate(
            "ParameterPanel", "<p><i>Changes the network's structure: applies on Reset.</i></p>");
    return tip;
}

ParameterPanel::ParameterPanel(QWidget* parent) : QWidget(parent) {
    shown_ = default_parameters();
    // Room for numbers such as "0.00025" or "2e-07" and the arrows.
    number_width_ = fontMetrics().horizontalAdvance(QStringLiteral("0.00025")) + 28;
    unit_width_ = fontMetrics().horizontalAdvance(QStringLiteral("deg/s"));
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->setSpacing(4);

    auto* top = new QHBoxLayout;
    filter_ = new QLineEdit(this);
    filter_->setPlaceholderText(tr("Find a parameter…"));
    filter_->setClearButtonEnabled(true);
    filter_->setToolTip(tr("Show only the parameters whose name or label contains this text"));
    defaults_ = new QPushButton(tr("Defaults"), this);
    defaults_->setToolTip(tr("Set every parameter back to its default (structural ones apply "
                             "on Reset)"));
    top->addWidget(filter_, 1);
    top->addWidget(defaults_);
    layout->addLayout(top);

    error_ = new QLabel(this);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: %1;").arg(palette::error().name()));
    error_->hide();
    layout->addWidget(error_);
    pending_ = new QLabel(this);
    pending_->setWordWrap(true);
    pending_->setStyleSheet(QStringLiteral("color: %1;").arg(palette::blue().name()));
    pending_->hide();
    layout->addWidget(pending_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    auto* content = new QWidget(scroll);
    auto* sections = new QVBoxLayout(content);
    sections->setContentsMargins(0, 0, 0, 0);
    sections->setSpacing(2);

    rows_.reserve(parameter_specs().size() + kTeaching.size());
    // Teaching first, then the groups in the registry's order.
    const std::size_t teaching = add_section(sections, tr("Teaching"), true);
    for (const auto name : kTeaching) {
        if (const ParamSpec* spec = find_parameter(name))
            add_row(teaching, *spec, true);
        else
            qWarning("Teaching parameter %s is not in the registry", std::string(name).c_str());
    }
    std::string group;
    std::size_t current = 0;
    for (const ParamSpec& spec : parameter_specs()) {
        if (spec.group() != group) {
            group = spec.group();
            current = add_section(sections, group_title(group), false);
        }
        add_row(current, spec, false);
    }
    sections->addStretch(1);
    scroll->setWidget(content);
    layout->addWidget(scroll, 1);

    connect(filter_, &QLineEdit::textChanged, this, &ParameterPanel::set_filter);
    connect(defaults_, &QPushButton::clicked, this, &ParameterPanel::restore_defaults);
    for (const ParamSpec& spec : parameter_specs()) show_value(spec, get_parameter(shown_, spec));
}

std::size_t ParameterPanel::add_section(QVBoxLayout* into, const QString& title, bool expanded) {
    Section s;
    s.header = new QToolButton(this);
    s.header->setText(title);
    s.header->setCheckable(true);
    s.header->setChecked(expanded);
    s.header->setAutoRaise(true);
    s.header->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    s.header->setArrowType(expanded ? Qt::DownArrow : Qt::RightArrow);
    s.header->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    QFont bold = s.header->font();
    bold.setBold(true);
    s.header->setFont(bold);
    s.body = new QWidget(this);
    auto* grid = new QGridLayout(s.body);
    grid->setContentsMargins(14, 0, 0, 6);
    grid->setHorizontalSpacing(6);
    grid->setVerticalSpacing(2);
    grid->setColumnStretch(0, 1);
    s.body->setVisible(expanded);
    into->addWidget(s.header);
    into->addWidget(s.body);
    connect(s.header, &QToolButton::toggled, this, [this] { set_filter(filter_->text()); });
    sections_.push_back(s);
    return sections_.size() - 1;
}

void ParameterPanel::add_row(std::size_t section, const ParamSpec& spec, bool teaching) {
    Section& sec = sections_[section];
    auto* grid = static_cast<QGridLayout*>(sec.body->layout());
    const int line = grid->rowCount();
    Row row;
    row.spec = &spec;
    row.scale = SliderScale::for_parameter(spec);
    row.teaching = teaching;
    const QString tip = parameter_tooltip(spec);
    QString text = parameter_label(spec);
    if (teaching) {  // outside its group, say whose parameter it is
        const QString group = QString::fromStdString(spec.group());
        text = (is_acronym(group) ? group.toUpper() : capitalised(group)) + QLatin1Char(' ') +
               (text.at(0).isUpper() && text.size() > 1 && text.at(1).isLower()
                    ? text.at(0).toLower() + text.mid(1)
                    : text);
    }
    // Line 1: label, number, unit; line 2: the slider across; line 3: a note when there
    // is one (pending, refused).
    row.label = new QLabel(text, sec.body);
    row.label->setToolTip(tip);
    row.label->setWordWrap(true);
    row.label->setContentsMargins(0, 6, 0, 0);  // space after the previous parameter
    grid->addWidget(row.label, line, 0);

    const std::size_t index = rows_.size();
    if (spec.kind == ParamKind::Choice) {
        row.choice = new QComboBox(sec.body);
        for (const auto c : spec.choices) row.choice->addItem(QString::fromUtf8(c));
        row.choice->setToolTip(tip);
        take_wheel_only_when_focused(row.choice);
        grid->addWidget(row.choice, line, 1, 1, 2);
        connect(row.choice, &QComboBox::currentIndexChanged, this,
                [this, index](int i) { user_set(index, static_cast<double>(i)); });
    } else {
        row.number = new NumberBox(spec, row.scale, sec.body);
        row.number->setToolTip(tip);
        row.number->setFixedWidth(number_width_);
        take_wheel_only_when_focused(row.number);
        grid->addWidget(row.number, line, 1);
        row.slider = new QSlider(Qt::Horizontal, sec.body);
        row.slider->setRange(0, row.scale.positions());
        row.slider->setPageStep(std::max(1, row.scale.positions() / 10));
        row.slider->setToolTip(tip);
        take_wheel_only_when_focused(row.slider);
        grid->addWidget(row.slider, line + 1, 0, 1, 3);
        connect(row.slider, &QSlider::valueChanged, this, [this, index](int pos) {
            user_set(index, rows_[index].scale.to_value(pos));
        });
        connect(row.number, &QDoubleSpinBox::valueChanged, this,
                [this, index](double v) { user_set(index, v); });
    }
    row.unit = new QLabel(QString::fromUtf8(spec.unit), sec.body);
    row.unit->setForegroundRole(QPalette::PlaceholderText);
    row.unit->setToolTip(tip);
    row.unit->setMinimumWidth(unit_width_);
    if (!row.choice) grid->addWidget(row.unit, line, 2);
    row.note = new QLabel(sec.body);
    row.note->setWordWrap(true);
    row.note->hide();
    QFont small = row.note->font();
    small.setPointSizeF(small.pointSizeF() * 0.9);
    row.note->setFont(small);
    grid->addWidget(row.note, line + 2, 0, 1, 3);
    rows_.push_back(row);
    sec.rows.push_back(index);
}

void ParameterPanel::show_value(const ParamSpec& spec, double value) {
    for (Row& row : rows_) {
        if (row.spec != &spec) continue;
        if (row.choice) {
            const QSignalBlocker block(row.choice);
            row.choice->setCurrentIndex(static_cast<int>(std::lround(value)));
            continue;
        }
        {
            const QSignalBlocker block(row.slider);
            row.slider->setValue(row.scale.to_position(value));
        }
        if (row.number->value() != value) {
            const QSignalBlocker block(row.number);
            row.number->setValue(value);
        }
    }
}

void ParameterPanel::user_set(std::size_t index, double value) {
    const ParamSpec& spec = *rows_[index].spec;
    // A slider moved by the user keeps its position; the number box and the other row of
    // the parameter follow.
    show_value(spec, value);
    if (get_parameter(shown_, spec) == value) return;
    set_parameter(shown_, spec.name, value);
    emit requested(cmd::SetParameter{std::string(spec.name), value});
}

void ParameterPanel::restore_defaults() {
    // Every parameter is sent, not only those that look changed: what the panel shows may be
    // a frame behind the runner (a change made from elsewhere that it has not drawn yet).
    for (const ParamSpec& spec : parameter_specs()) {
        show_value(spec, spec.default_value);
        set_parameter(shown_, spec.name, spec.default_value);
        emit requested(cmd::SetParameter{std::string(spec.name), spec.default_value});
    }
}

void ParameterPanel::hold_until(std::uint64_t command) {
    hold_until_ = std::max(hold_until_, command);
}

void ParameterPanel::show_note(Row& row, bool pending, bool refused, const QString& refusal) {
    if (row.pending == pending && row.refused == refused &&
        (!refused || row.note->text() == refusal))
        return;
    row.pending = pending;
    row.refused = refused;
    QFont f = row.label->font();
    f.setItalic(pending);
    row.label->setFont(f);
    if (refused) {
        row.note->setText(refusal);
        row.note->setStyleSheet(QStringLiteral("color: %1;").arg(palette::error().name()));
    } else if (pending) {
        row.note->setText(tr("pending — applies on Reset"));
        row.note->setStyleSheet(QStringLiteral("color: %1;").arg(palette::blue().name()));
    }
    row.note->setVisible(pending || refused);
}

void ParameterPanel::show_snapshot(const Snapshot& s) {
    const QString error = QString::fromStdString(s.error);
    if (error_->text() != error) error_->setText(error);
    error_->setVisible(!error.isEmpty());
    if (s.commands_applied < hold_until_ || s.sequence == last_sequence_) return;
    last_sequence_ = s.sequence;

    for (const ParamSpec& spec : parameter_specs()) {
        const double v = get_parameter(s.pending_config.params, spec);
        if (v == get_parameter(shown_, spec)) continue;
        set_parameter(shown_, spec.name, v);
        show_value(spec, v);
    }
    for (Row& row : rows_) {
        const std::string_view name = row.spec->name;
        bool pending = false;
        for (const auto& p : s.pending)
            if (p == name) pending = true;
        const bool refused = !s.error.empty() && mentions(s.error, name);
        show_note(row, pending, refused, error);
    }
    // Also said at the top, since the rows may be in collapsed sections.
    QStringList waiting;
    for (const auto& p : s.pending) waiting << QString::fromStdString(p);
    const QString summary =
        waiting.isEmpty()
            ? QString()
            : tr("Pending — applies on Reset: %1").arg(waiting.join(QStringLiteral(", ")));
    if (pending_->text() != summary) pending_->setText(summary);
    pending_->setVisible(!summary.isEmpty());
}

void ParameterPanel::set_filter(const QString& text) {
    const QString needle = text.trimmed();
    const bool filtering = !needle.isEmpty();
    for (Section& sec : sections_) {
        int shown = 0;
        for (const std::size_t i : sec.rows) {
            Row& row = rows_[i];
            const bool match =
                !filtering ||
                QString::fromUtf8(row.spec->name).contains(needle, Qt::CaseInsensitive) ||
                row.label->text().contains(needle, Qt::CaseInsensitive);
            for (QWidget* w : {static_cast<QWidget*>(row.label), static_cast<QWidget*>(row.slider),
                               static_cast<QWidget*>(row.number), static_cast<QWidget*>(row.choice),
                               static_cast<QWidget*>(row.unit)})
                if (w) w->setVisible(match);
            row.note->setVisible(match && (row.pending || row.refused));
            shown += match ? 1 : 0;
        }
        const bool open = shown > 0 && (filtering || sec.header->isChecked());
        sec.header->setVisible(shown > 0);
        sec.header->setArrowType(open ? Qt::DownArrow : Qt::RightArrow);
        sec.body->setVisible(open);
    }
}

const ParameterPanel::Row* ParameterPanel::own_row(std::string_view name) const {
    for (const Row& row : rows_)
        if (!row.teaching && row.spec->name == name) return &row;
    return nullptr;
}

QSlider* ParameterPanel::slider(std::string_view name) const {
    const Row* r = own_row(name);
    return r ? r->slider : nullptr;
}

QDoubleSpinBox* ParameterPanel::number_box(std::string_view name) const {
    const Row* r = own_row(name);
    return r ? r->number : nullptr;
}

QComboBox* ParameterPanel::choice_box(std::string_view name) const {
    const Row* r = own_row(name);
    return r ? r->choice : nullptr;
}

bool ParameterPanel::is_logarithmic(std::string_view name) const {
    const Row* r = own_row(name);
    return r && r->scale.logarithmic();
}

bool ParameterPanel::shows_pending(std::string_view name) const {
    const Row* r = own_row(name);
    return r && r->pending && !r->note->isHidden();
}

bool ParameterPanel::shows_refused(std::string_view name) const {
    const Row* r = own_row(name);
    return r && r->refused && !r->note->isHidden();
}

bool ParameterPanel::is_row_visible(std::string_view name) const {
    const Row* r = own_row(name);
    if (!r) return false;
    for (const Section& sec : sections_)
        for (const std::size_t i : sec.rows)
            if (&rows_[i] == r) return !r->label->isHidden() && !sec.body->isHidden();
    return false;
}

QStringList ParameterPanel::group_titles() const {
    QStringList titles;
    for (const Section& sec : sections_) titles << sec.header->text();
    return titles;
}

QStringList ParameterPanel::teaching_names() const {
    QStringList names;
    for (const Row& row : rows_)
        if (row.teaching) names << QString::fromUtf8(row.spec->name);
    return names;
}

QString ParameterPanel::error_text() const {
    return error_->isHidden() ? QString() : error_->text();
}

QString ParameterPanel::pending_text() const {
    return pending_->isHidden() ? QString() : pending_->text();
}

}  // namespace flocculus::ui
