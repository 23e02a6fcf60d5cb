// SPDX-License-Identifier: GPL-3.0-or-later
#include "transport_bar.hpp"

#include <QAction>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpressionValidator>
#include <QShortcut>
#include <QSignalBlocker>
#include <QSlider>
#include <QSpinBox>
#include <QStyle>
#include <algorithm>

#include "view_model.hpp"
#include "wheel_guard.hpp"

namespace flocculus::ui {
namespace {

QLabel* readout(QWidget* parent, const QString& widest, const QString& tip) {
    auto* l = new QLabel(parent);
    l->setToolTip(tip);
    l->setMinimumWidth(l->fontMetrics().horizontalAdvance(widest) + 8);
    l->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    return l;
}

QWidget* spacer(QWidget* parent, int width) {
    auto* w = new QWidget(parent);
    w->setFixedWidth(width);
    return w;
}

}  // namespace

TransportBar::TransportBar(QWidget* parent) : QToolBar(tr("Transport"), parent) {
    setObjectName(QStringLiteral("transport"));
    setMovable(false);
    setFloatable(false);
    setToolButtonStyle(Qt::ToolButtonTextBesideIcon);

    play_ = addAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("Play"));
    play_->setCheckable(true);
    play_->setShortcut(Qt::Key_Space);
    play_->setToolTip(tr("Play or pause the simulation (Space)"));
    connect(play_, &QAction::triggered, this, &TransportBar::on_play_triggered);

    step_ = addAction(style()->standardIcon(QStyle::SP_MediaSkipForward), tr("Step trial"));
    step_->setShortcuts({QKeySequence(Qt::Key_N), QKeySequence(Qt::Key_Right)});
    step_->setToolTip(tr("Run one trial and pause (N or →)"));
    connect(step_, &QAction::triggered, this, &TransportBar::step_requested);

    reset_ = addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("Reset"));
    reset_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    reset_->setToolTip(tr("Start the protocol again from a new network (Ctrl+R)"));
    connect(reset_, &QAction::triggered, this, &TransportBar::reset_requested);

    addSeparator();
    addWidget(new QLabel(tr("Protocol "), this));
    protocol_box_ = new QComboBox(this);
    protocol_box_->setFocusPolicy(Qt::ClickFocus);
    for (const ProtocolInfo& info : protocols()) {
        protocol_box_->addItem(QString::fromUtf8(info.name.data(),
                                                 static_cast<qsizetype>(info.name.size())),
                               static_cast<int>(info.protocol));
        protocol_box_->setItemData(
            protocol_box_->count() - 1,
            QString::fromUtf8(info.description.data(),
                              static_cast<qsizetype>(info.description.size())),
            Qt::ToolTipRole);
    }
    protocol_box_->setToolTip(tr("Protocol; choosing one resets the run"));
    connect(protocol_box_, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0)
            emit protocol_chosen(static_cast<Protocol>(protocol_box_->itemData(index).toInt()));
    });
    addWidget(protocol_box_);

    // The run's seed and length: a new run when changed (Enter or leaving the box).
    addWidget(spacer(this, 4));
    auto* seed_label = new QLabel(tr("Seed "), this);
    addWidget(seed_label);
    seed_edit_ = new QLineEdit(this);
    seed_edit_->setValidator(new QRegularExpressionValidator(
        QRegularExpression(QStringLiteral("[0-9]{1,19}")), seed_edit_));
    seed_edit_->setFixedWidth(seed_edit_->fontMetrics().horizontalAdvance(QStringLiteral("88888")) +
                              12);
    seed_edit_->setText(QStringLiteral("1"));
    seed_edit_->setToolTip(
        tr("Random seed of the network and its noise, a whole number >= 0; "
           "a new seed starts a new run (Escape leaves the box)"));
    seed_label->setBuddy(seed_edit_);
    addWidget(seed_edit_);
    addWidget(spacer(this, 6));
    auto* trials_label = new QLabel(tr("Trials "), this);
    addWidget(trials_label);
    trials_box_ = new QSpinBox(this);
    trials_box_->setRange(1, kMaxScheduleTrials);
    trials_box_->setKeyboardTracking(false);
    trials_box_->setAccelerated(true);
    trials_box_->setToolTip(
        tr("Trials in the run, 1 to %1, for protocols of one phase; the others take their "
           "length from the task parameters. A new count starts a new run.")
            .arg(kMaxScheduleTrials));
    trials_label->setBuddy(trials_box_);
    addWidget(trials_box_);
    connect(seed_edit_, &QLineEdit::editingFinished, this, &TransportBar::choose_run_settings);
    connect(trials_box_, &QSpinBox::editingFinished, this, &TransportBar::choose_run_settings);
    take_wheel_only_when_focused(trials_box_);

    addWidget(spacer(this, 6));
    addWidget(new QLabel(tr("Speed "), this));
    speed_slider_ = new QSlider(Qt::Horizontal, this);
    speed_slider_->setFocusPolicy(Qt::ClickFocus);
    speed_slider_->setRange(0, static_cast<int>(speed_steps().size()) - 1);
    speed_slider_->setPageStep(1);
    speed_slider_->setTickPosition(QSlider::TicksBelow);
    speed_slider_->setTickInterval(1);
    speed_slider_->setFixedWidth(104);
    speed_slider_->setValue(speed_step_index(1.0));
    speed_slider_->setToolTip(tr("Simulation speed as a multiple of real time; max runs as "
                                 "fast as the machine allows (+ and - step it)"));
    addWidget(speed_slider_);
    // + and - step the speed from the keyboard.
    const auto step_speed = [this](int by) {
        speed_slider_->setValue(std::clamp(speed_slider_->value() + by, speed_slider_->minimum(),
                                           speed_slider_->maximum()));
    };
    for (const QKeySequence& key : {QKeySequence(Qt::Key_Plus), QKeySequence(Qt::Key_Equal)}) {
        auto* faster = new QShortcut(key, this);
        faster->setContext(Qt::WindowShortcut);
        faster->setWhatsThis(tr("Faster"));
        connect(faster, &QShortcut::activated, this, [step_speed] { step_speed(1); });
    }
    auto* slower = new QShortcut(QKeySequence(Qt::Key_Minus), this);
    slower->setContext(Qt::WindowShortcut);
    slower->setWhatsThis(tr("Slower"));
    connect(slower, &QShortcut::activated, this, [step_speed] { step_speed(-1); });
    speed_label_ = readout(this, QStringLiteral("0.25×"), tr("Chosen speed"));
    speed_label_->setText(speed_text(1.0));
    addWidget(speed_label_);
    connect(speed_slider_, &QSlider::valueChanged, this, [this](int) {
        speed_label_->setText(speed_text(chosen_speed()));
        emit speed_chosen(chosen_speed());
    });

    addSeparator();
    trial_label_ = readout(this, QStringLiteral("Trial 8888 / 8888"), tr("Current trial"));
    phase_label_ = readout(this, QStringLiteral("reacquire · instructed"),
                           tr("Phase of the protocol, and whether this trial is instructed"));
    realtime_label_ = readout(this, QStringLiteral("8888× real time"),
                              tr("Measured simulated time per wall-clock time"));
    QFont bold = trial_label_->font();
    bold.setBold(true);
    trial_label_->setFont(bold);
    addWidget(trial_label_);
    addWidget(spacer(this, 6));
    addWidget(phase_label_);
    addWidget(spacer(this, 6));
    addWidget(realtime_label_);
    show_playing(false);
}

double TransportBar::chosen_speed() const {
    const auto steps = speed_steps();
    return steps[static_cast<std::size_t>(speed_slider_->value())];
}

QString TransportBar::trial_readout() const { return trial_label_->text(); }
QString TransportBar::phase_readout() const { return phase_label_->text(); }
QString TransportBar::realtime_readout() const { return realtime_label_->text(); }

void TransportBar::set_protocol(Protocol p) {
    const int index = protocol_box_->findData(static_cast<int>(p));
    if (index >= 0) protocol_box_->setCurrentIndex(index);
}

void TransportBar::set_speed(double speed) { speed_slider_->setValue(speed_step_index(speed)); }

void TransportBar::choose_run_settings() {
    bool ok = false;
    const std::uint64_t seed = seed_edit_->text().toULongLong(&ok);
    if (!ok) {
        seed_edit_->setText(QString::number(shown_seed_));
        return;
    }
    std::optional<int> trials = shown_trials_;
    if (trials_box_->isEnabled() && trials_box_->value() != trials_box_->property("shown").toInt())
        trials = trials_box_->value();
    if (seed == shown_seed_ && trials == shown_trials_) return;
    shown_seed_ = seed;
    shown_trials_ = trials;
    emit run_settings_chosen(seed, trials);
}

void TransportBar::show_run_settings(const Snapshot& s) {
    const RunConfig& c = s.pending_config;
    shown_protocol_ = c.protocol;
    if (!seed_edit_->hasFocus()) {
        shown_seed_ = c.seed;
        const QString text = QString::number(c.seed);
        if (seed_edit_->text() != text) seed_edit_->setText(text);
    }
    if (!trials_box_->hasFocus()) {
        shown_trials_ = c.trials;
        const bool one_length = protocol_info(c.protocol).default_trials > 0;
        trials_box_->setEnabled(one_length);
        // The count the run will have: the chosen one, or the protocol's own length.
        const int n = c.trials.value_or(one_length ? protocol_info(c.protocol).default_trials
                                                   : static_cast<int>(s.trial_count));
        trials_box_->setProperty("shown", n);
        if (trials_box_->value() != n) {
            const QSignalBlocker block(trials_box_);
            trials_box_->setValue(n);
        }
    }
}

void TransportBar::on_play_triggered(bool checked) {
    show_playing(checked);
    if (checked)
        emit play_requested();
    else
        emit pause_requested();
}

void TransportBar::show_playing(bool playing) {
    const QSignalBlocker block(play_);
    play_->setChecked(playing);
    play_->setText(playing ? tr("Pause") : tr("Play"));
    play_->setIcon(style()->standardIcon(playing ? QStyle::SP_MediaPause : QStyle::SP_MediaPlay));
}

void TransportBar::hold_controls_until(std::uint64_t command) {
    hold_until_ = std::max(hold_until_, command);
}

void TransportBar::show_snapshot(const Snapshot& s) {
    if (s.commands_applied >= hold_until_) {
        if (play_->isChecked() != s.playing) show_playing(s.playing);
        if (speed_slider_->value() != speed_step_index(s.speed)) {
            const QSignalBlocker block(speed_slider_);
            speed_slider_->setValue(speed_step_index(s.speed));
            speed_label_->setText(speed_text(chosen_speed()));
        }
        const int index = protocol_box_->findData(static_cast<int>(s.config.protocol));
        if (index >= 0 && index != protocol_box_->currentIndex()) {
            const QSignalBlocker block(protocol_box_);
            protocol_box_->setCurrentIndex(index);
        }
        show_run_settings(s);
    }
    play_->setEnabled(!s.finished);
    step_->setEnabled(!s.finished);
    trial_label_->setText(trial_text(s));
    phase_label_->setText(phase_text(s));
    realtime_label_->setText(realtime_text(s));
}

}  // namespace flocculus::ui
