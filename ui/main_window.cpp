// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.hpp"

#include <QAction>
#include <QCloseEvent>
#include <QGuiApplication>
#include <QScreen>
#include <QSplitter>
#include <QStatusBar>
#include <QTabWidget>

#include "learning_panel.hpp"
#include "palette.hpp"
#include "purkinje_panel.hpp"
#include "scene_widget.hpp"
#include "transport_bar.hpp"
#include "velocity_panel.hpp"
#include "view_model.hpp"
#include "weights_panel.hpp"

namespace flocculus::ui {

MainWindow::MainWindow(const RunConfig& config, QWidget* parent)
    : QMainWindow(parent), runner_(std::make_unique<Runner>(config)) {
    setWindowTitle(tr("Flocculus — cerebellar pursuit learning"));

    transport_ = new TransportBar(this);
    addToolBar(Qt::TopToolBarArea, transport_);

    scene_ = new SceneWidget(this);
    velocity_ = new VelocityPanel(this);
    purkinje_ = new PurkinjePanel(this);
    learning_ = new LearningPanel(this);
    weights_ = new WeightsPanel(this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(velocity_, tr("Velocity"));
    tabs_->addTab(purkinje_, tr("Purkinje cells"));
    tabs_->addTab(learning_, tr("Learning curves"));
    tabs_->addTab(weights_, tr("Synaptic weights"));
    tabs_->setTabToolTip(VelocityTab, tr("Eye and target velocity (Ctrl+1)"));
    tabs_->setTabToolTip(PurkinjeTab, tr("Purkinje cell spikes (Ctrl+2)"));
    tabs_->setTabToolTip(LearningTab, tr("Learning over trials (Ctrl+3)"));
    tabs_->setTabToolTip(WeightsTab, tr("Parallel-fibre to Purkinje cell weights (Ctrl+4)"));
    tabs_->setFocusPolicy(Qt::NoFocus);
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(scene_);
    splitter_->addWidget(tabs_);
    splitter_->setStretchFactor(0, 4);
    splitter_->setStretchFactor(1, 5);
    setCentralWidget(splitter_);
    // Keyboard focus rests on the scene; the transport shortcuts work from anywhere.
    scene_->setFocusPolicy(Qt::StrongFocus);
    scene_->setFocus();
    statusBar()->setSizeGripEnabled(true);

    // Fit a 1366×768 screen, title bar and task bar included.
    QSize size(1280, 680);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);
    splitter_->setSizes({size.width() * 4 / 9, size.width() * 5 / 9});

    connect(transport_, &TransportBar::play_requested, this, [this] { request(cmd::Play{}); });
    connect(transport_, &TransportBar::pause_requested, this, [this] { request(cmd::Pause{}); });
    connect(transport_, &TransportBar::step_requested, this,
            [this] { request(cmd::StepTrial{}); });
    connect(transport_, &TransportBar::reset_requested, this, [this] { request(cmd::Reset{}); });
    connect(transport_, &TransportBar::speed_chosen, this,
            [this](double speed) { request(cmd::SetSpeed{speed}); });
    connect(transport_, &TransportBar::protocol_chosen, this, &MainWindow::choose_protocol);
    for (int i = 0; i < kTabCount; ++i) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WindowShortcut);
        connect(action, &QAction::triggered, this, [this, i] { show_tab(static_cast<Tab>(i)); });
        addAction(action);
    }

    request(cmd::SetSpeed{transport_->chosen_speed()});
    poll_timer_.setInterval(kPollIntervalMs);
    connect(&poll_timer_, &QTimer::timeout, this, &MainWindow::poll);
    poll_timer_.start();
    poll();
}

MainWindow::~MainWindow() = default;

void MainWindow::show_tab(Tab tab) {
    if (tab >= 0 && tab < kTabCount) tabs_->setCurrentIndex(tab);
}

std::shared_ptr<const Snapshot> MainWindow::snapshot() const {
    return runner_ ? runner_->snapshot() : nullptr;
}

void MainWindow::request(Command c) {
    if (!runner_) return;
    // Until the runner has applied the command, its snapshots would show the controls'
    // old state: hold them as the user set them.
    transport_->hold_controls_until(runner_->send(std::move(c)));
}

void MainWindow::choose_protocol(Protocol p) {
    if (!runner_) return;
    RunConfig c = runner_->snapshot()->pending_config;  // keeps changes waiting for reset
    c.protocol = p;
    c.trials.reset();  // the new protocol's own length
    request(cmd::Reset{c});
}

void MainWindow::poll() {
    if (!runner_) return;
    std::shared_ptr<const Snapshot> s = runner_->snapshot();
    if (shown_ && s->sequence == shown_->sequence) return;

    if (!shown_ || s->config.protocol != instructs_protocol_ ||
        s->trial_count != instructs_trials_) {
        instructs_ = protocol_instructs(s->config);
        instructs_protocol_ = s->config.protocol;
        instructs_trials_ = s->trial_count;
        scene_->set_protocol_instructs(instructs_);
        velocity_->set_protocol_instructs(instructs_);
        purkinje_->set_protocol_instructs(instructs_);
        weights_->set_protocol_instructs(instructs_);
    }
    transport_->show_snapshot(*s);
    velocity_->show_snapshot(*s);
    // These redraw only when a trial has been completed.
    purkinje_->show_snapshot(*s);
    learning_->show_snapshot(*s);
    weights_->show_snapshot(*s);
    scene_->show_snapshot(s);
    show_status(*s);
    shown_ = std::move(s);
    ++redraws_;
}

void MainWindow::show_status(const Snapshot& s) {
    QString text;
    if (!s.error.empty())
        text = tr("Error: %1").arg(QString::fromStdString(s.error));
    else if (s.finished)
        text = tr("Protocol finished after %1 trials. Reset (Ctrl+R) to run it again.")
                   .arg(s.trial_count);
    else if (!s.playing && s.trial_index == 0 && s.current_trace.empty())
        text = tr("Ready. Space plays, N steps one trial.");
    else if (!s.playing)
        text = tr("Paused. Space plays, N steps one trial.");
    if (text == status_text_) return;
    status_text_ = text;
    statusBar()->setStyleSheet(s.error.empty() ? QString()
                                               : QStringLiteral("color: %1;").arg(
                                                     palette::error().name()));
    if (text.isEmpty())
        statusBar()->clearMessage();
    else
        statusBar()->showMessage(text);
}

void MainWindow::closeEvent(QCloseEvent* event) {
    // Stop the simulation thread now rather than when the window object is destroyed.
    poll_timer_.stop();
    runner_.reset();
    event->accept();
}

}  // namespace flocculus::ui
