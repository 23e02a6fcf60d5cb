// SPDX-License-Identifier: GPL-3.0-or-later
#include "main_window.hpp"

#include <QAction>
#include <QCloseEvent>
#include <QComboBox>
#include <QDockWidget>
#include <QGuiApplication>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QScreen>
#include <QStackedWidget>
#include <QScrollArea>
#include <QShowEvent>
#include <QSplitter>
#include <QVBoxLayout>
#include <QStatusBar>
#include <QTabWidget>
#include <algorithm>

#include "circuit_diagram.hpp"
#include "clock_panel.hpp"
#include "compare_panel.hpp"
#include "help_menu.hpp"
#include "key_router.hpp"
#include "learning_panel.hpp"
#include "lesion_panel.hpp"
#include "palette.hpp"
#include "parameter_panel.hpp"
#include "purkinje_panel.hpp"
#include "run_history.hpp"
#include "scene_widget.hpp"
#include "session.hpp"
#include "task/vor.hpp"
#include "vor_scene.hpp"
#include "eyeblink_scene.hpp"
#include "exportable.hpp"
#include "transport_bar.hpp"
#include "velocity_panel.hpp"
#include "view_model.hpp"
#include "weights_panel.hpp"
#include "window_menus.hpp"

namespace flocculus::ui {

MainWindow::MainWindow(const RunConfig& config, QWidget* parent)
    : QMainWindow(parent), runner_(std::make_unique<Runner>(config)) {
    setWindowTitle(tr("Flocculus — cerebellar pursuit learning"));

    transport_ = new TransportBar(this);
    addToolBar(Qt::TopToolBarArea, transport_);

    scene_ = new SceneWidget(this);
    vor_scene_ = new VorSceneWidget(this);
    scenes_ = new QStackedWidget(this);
    scenes_->addWidget(scene_);
    scenes_->addWidget(vor_scene_);
    eyeblink_ = new EyeblinkScene(this);
    scenes_->addWidget(eyeblink_);
    velocity_ = new VelocityPanel(this);
    purkinje_ = new PurkinjePanel(this);
    learning_ = new LearningPanel(this);
    weights_ = new WeightsPanel(this);
    history_ = new RunHistory(this);
    compare_ = new ComparePanel(history_, this);
    clock_ = new ClockPanel(this);
    tabs_ = new QTabWidget(this);
    tabs_->setDocumentMode(true);
    tabs_->addTab(velocity_, tr("Velocity"));
    tabs_->addTab(purkinje_, tr("Purkinje cells"));
    tabs_->addTab(learning_, tr("Learning curves"));
    tabs_->addTab(weights_, tr("Synaptic weights"));
    tabs_->addTab(compare_, tr("Runs"));
    tabs_->addTab(clock_, tr("Clock"));
    tabs_->setTabToolTip(VelocityTab, tr("Eye and target velocity (Ctrl+1)"));
    tabs_->setTabToolTip(PurkinjeTab, tr("Purkinje cell spikes (Ctrl+2)"));
    tabs_->setTabToolTip(LearningTab, tr("Learning over trials (Ctrl+3)"));
    tabs_->setTabToolTip(WeightsTab, tr("Parallel-fibre to Purkinje cell weights (Ctrl+4)"));
    tabs_->setTabToolTip(CompareTab, tr("Keep runs and compare them (Ctrl+5)"));
    tabs_->setTabToolTip(ClockTab,
                         tr("The granular-layer clock of the eyeblink task (Ctrl+6)"));
    tabs_->setTabVisible(ClockTab, is_eyeblink_protocol(config.protocol));
    tabs_->setFocusPolicy(Qt::NoFocus);
    // Left column: the scene above the circuit diagram.
    diagram_ = new CircuitDiagram(this);
    left_splitter_ = new QSplitter(Qt::Vertical, this);
    left_splitter_->setChildrenCollapsible(false);
    left_splitter_->addWidget(scenes_);
    left_splitter_->addWidget(diagram_);
    left_splitter_->setStretchFactor(0, 3);
    left_splitter_->setStretchFactor(1, 2);
    splitter_ = new QSplitter(Qt::Horizontal, this);
    splitter_->setChildrenCollapsible(false);
    splitter_->addWidget(left_splitter_);
    splitter_->addWidget(tabs_);
    splitter_->setStretchFactor(0, 2);
    splitter_->setStretchFactor(1, 3);
    setCentralWidget(splitter_);
    build_controls_dock();
    // Keyboard focus rests on the scene; the transport shortcuts work from anywhere, and
    // Escape brings the focus back from a box being typed into.
    scene_->setFocusPolicy(Qt::StrongFocus);
    scene_->setFocus();
    new KeyRouter(this, scene_);
    statusBar()->setSizeGripEnabled(true);

    // Fit a 1366×768 screen, title bar and task bar included.
    QSize size(1280, 680);
    if (const QScreen* screen = QGuiApplication::primaryScreen())
        size = size.boundedTo(screen->availableGeometry().size() * 0.95);
    resize(size);
    place_panels();

    connect(transport_, &TransportBar::play_requested, this, [this] { request(cmd::Play{}); });
    connect(transport_, &TransportBar::pause_requested, this, [this] { request(cmd::Pause{}); });
    connect(transport_, &TransportBar::step_requested, this,
            [this] { request(cmd::StepTrial{}); });
    connect(transport_, &TransportBar::reset_requested, this, [this] {
        if (may_replace_run()) request(cmd::Reset{});
    });
    connect(transport_, &TransportBar::speed_chosen, this,
            [this](double speed) { request(cmd::SetSpeed{speed}); });
    connect(transport_, &TransportBar::protocol_chosen, this, &MainWindow::choose_protocol);
    connect(transport_, &TransportBar::run_settings_chosen, this,
            [this](std::uint64_t seed, std::optional<int> trials) {
                if (!runner_ || !may_replace_run()) return;
                RunConfig c = runner_->snapshot()->pending_config;
                c.seed = seed;
                c.trials = trials;
                request(cmd::Reset{c});
            });
    connect(parameters_, &ParameterPanel::requested, this,
            [this](const Command& c) { request(c); });
    connect(lesions_, &LesionPanel::requested, this, [this](const Command& c) { request(c); });
    connect(diagram_, &CircuitDiagram::requested, this, [this](const Command& c) { request(c); });
    connect(diagram_, &CircuitDiagram::zone_chosen, this, [this](int zone) {
        purkinje_->zone_box()->setCurrentIndex(zone);
        show_tab(PurkinjeTab);
    });
    connect(purkinje_->zone_box(), &QComboBox::currentIndexChanged, diagram_,
            &CircuitDiagram::set_chosen_zone);
    for (int i = 0; i < kTabCount; ++i) {
        auto* action = new QAction(this);
        action->setShortcut(QKeySequence(Qt::CTRL | static_cast<Qt::Key>(Qt::Key_1 + i)));
        action->setShortcutContext(Qt::WindowShortcut);
        action->setText(tr("Show the %1 tab").arg(tabs_->tabText(i)));
        connect(action, &QAction::triggered, this, [this, i] { show_tab(static_cast<Tab>(i)); });
        addAction(action);
    }

    for (Exportable* e : std::vector<Exportable*>{scene_, velocity_}) register_exportable(e);
    for (Exportable* e : purkinje_->exportables()) register_exportable(e);
    register_exportable(learning_);
    register_exportable(weights_);
    register_exportable(compare_);
    for (Exportable* e : clock_->exportables()) register_exportable(e);
    register_exportable(diagram_);
    menus_ = new WindowMenus(this);
    // File, Lessons and Export come first; View last.
    menuBar()->removeAction(view_menu_->menuAction());
    menuBar()->addAction(view_menu_->menuAction());
    help_ = new HelpMenu(this, view_menu_);

    asker_ = [this] {
        QMessageBox box(QMessageBox::Question, tr("Keep this run?"),
                        tr("The run under way has results that are not kept. Keep it in the "
                           "history (the Runs tab) before starting the new run?"),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.button(QMessageBox::Save)->setText(tr("Keep it"));
        box.setDefaultButton(QMessageBox::Save);
        switch (box.exec()) {
            case QMessageBox::Save:
                return Replace::Keep;
            case QMessageBox::Discard:
                return Replace::Discard;
            default:
                return Replace::Cancel;
        }
    };
    compare_->on_export = [this](const RunRecord& r) { menus_->export_run(r); };

    request(cmd::SetSpeed{transport_->chosen_speed()});
    poll_timer_.setInterval(kPollIntervalMs);
    connect(&poll_timer_, &QTimer::timeout, this, &MainWindow::poll);
    poll_timer_.start();
    poll();
}

MainWindow::~MainWindow() = default;

QStringList MainWindow::tab_keys() {
    return {QStringLiteral("velocity"), QStringLiteral("purkinje"), QStringLiteral("learning"),
            QStringLiteral("weights"), QStringLiteral("runs"), QStringLiteral("clock")};
}

bool MainWindow::apply_config(const RunConfig& config) {
    if (!may_replace_run()) return false;
    request(cmd::Reset{config});
    return true;
}

bool MainWindow::apply_session(const SessionData& session) {
    if (!may_replace_run()) return false;
    for (const RunRecord& r : session.runs) history_->add_saved(r);
    if (!session.current) {
        request(cmd::Reset{session.config});
        return true;
    }
    const SavedCurrentRun& c = *session.current;
    history_->expect_restored(c.name, c.named, c.kept, c.visible);
    request(cmd::Restore{c.config, c.changes, c.step});
    return true;
}

bool MainWindow::may_replace_run() {
    if (!history_->current_unkept() || !asker_) return true;
    switch (asker_()) {
        case Replace::Keep:
            history_->keep_current();
            return true;
        case Replace::Discard:
            return true;
        case Replace::Cancel:
            break;
    }
    return false;
}

void MainWindow::show_tab(Tab tab) {
    if (tab < 0 || tab >= kTabCount) return;
    // The Clock tab asked for before the eyeblink run it belongs to is built (a lesson, the
    // command line) is shown when it comes.
    clock_wanted_ = tab == ClockTab && !tabs_->isTabVisible(tab);
    if (tabs_->isTabVisible(tab)) tabs_->setCurrentIndex(tab);
}

bool MainWindow::offers(const Exportable* e) const {
    const QWidget* w = e->export_widget();
    for (int i = 0; i < tabs_->count(); ++i)
        if (!tabs_->isTabVisible(i) && w &&
            (tabs_->widget(i) == w || tabs_->widget(i)->isAncestorOf(w)))
            return false;
    return true;
}

std::shared_ptr<const Snapshot> MainWindow::snapshot() const {
    return runner_ ? runner_->snapshot() : nullptr;
}

void MainWindow::place_panels() {
    const QSize size = this->size();
    const int dock_width = std::clamp(size.width() * 23 / 100, kMinDockWidth + 20, 440);
    resizeDocks({controls_dock_}, {dock_width}, Qt::Horizontal);
    const int central = size.width() - dock_width;
    splitter_->setSizes({central * 42 / 100, central * 58 / 100});
    left_splitter_->setSizes({size.height() * 3 / 5, size.height() * 2 / 5});
}

void MainWindow::showEvent(QShowEvent* event) {
    QMainWindow::showEvent(event);
    // The dock's share is settled once the window is laid out at its real size.
    if (!placed_) {
        placed_ = true;
        place_panels();
    }
}

void MainWindow::build_controls_dock() {
    parameters_ = new ParameterPanel(this);
    lesions_ = new LesionPanel(this);
    auto* lesion_scroll = new QScrollArea(this);
    lesion_scroll->setWidgetResizable(true);
    lesion_scroll->setFrameShape(QFrame::NoFrame);
    lesion_scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    lesion_scroll->setWidget(lesions_);
    controls_tabs_ = new QTabWidget(this);
    controls_tabs_->setDocumentMode(true);
    controls_tabs_->addTab(parameters_, tr("Parameters"));
    controls_tabs_->addTab(lesion_scroll, tr("Lesions"));
    controls_tabs_->setTabToolTip(0, tr("Parameters of the model, from its registry"));
    controls_tabs_->setTabToolTip(1, tr("Remove or block parts of the circuit"));

    controls_dock_ = new QDockWidget(tr("Controls"), this);
    controls_dock_->setObjectName(QStringLiteral("controls"));
    controls_dock_->setAllowedAreas(Qt::LeftDockWidgetArea | Qt::RightDockWidgetArea);
    controls_tabs_->setMinimumWidth(kMinDockWidth);
    controls_dock_->setWidget(controls_tabs_);
    addDockWidget(Qt::RightDockWidgetArea, controls_dock_);

    view_menu_ = menuBar()->addMenu(tr("&View"));
    QMenu* view = view_menu_;
    QAction* show_controls = controls_dock_->toggleViewAction();
    show_controls->setText(tr("&Controls (parameters and lesions)"));
    show_controls->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    view->addAction(show_controls);
    QAction* show_diagram = view->addAction(tr("Circuit &diagram"));
    show_diagram->setCheckable(true);
    show_diagram->setChecked(true);
    show_diagram->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_D));
    connect(show_diagram, &QAction::toggled, this, [this](bool on) {
        // Hidden, the diagram gives its room to the plots: the left column narrows to the
        // (square) screen's width; shown again, the column gets its share back.
        const QList<int> sizes = splitter_->sizes();
        const int total = sizes.value(0) + sizes.value(1);
        diagram_->setVisible(on);
        if (total <= 0) return;
        const int left =
            on ? total * 42 / 100 : std::max(scene_->minimumSizeHint().width(), total * 28 / 100);
        splitter_->setSizes({left, total - left});
    });
}

std::uint64_t MainWindow::request(Command c) {
    if (!runner_) return 0;
    // Until the runner has applied the command, its snapshots would show the controls'
    // old state: hold them as the user set them.
    const std::uint64_t id = runner_->send(std::move(c));
    transport_->hold_controls_until(id);
    parameters_->hold_until(id);
    lesions_->hold_until(id);
    diagram_->hold_until(id);
    return id;
}

QWidget* MainWindow::shown_scene() const { return scenes_->currentWidget(); }

void MainWindow::choose_protocol(Protocol p) {
    if (!runner_ || !may_replace_run()) return;
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
    // The Clock tab belongs to the eyeblink task.
    const bool eyeblink = is_eyeblink_protocol(s->config.protocol);
    if (tabs_->isTabVisible(ClockTab) != eyeblink) {
        tabs_->setTabVisible(ClockTab, eyeblink);
        if (eyeblink && clock_wanted_) tabs_->setCurrentIndex(ClockTab);
        clock_wanted_ = false;
    }
    if (eyeblink) clock_->show_snapshot(*s);
    // The task's scene (DESIGN §5.1): the protocol picks it.
    QWidget* task_scene = static_cast<QWidget*>(scene_);
    if (is_vor_protocol(s->config.protocol)) task_scene = vor_scene_;
    if (is_eyeblink_protocol(s->config.protocol)) task_scene = eyeblink_;
    if (scenes_->currentWidget() != task_scene) scenes_->setCurrentWidget(task_scene);
    if (task_scene == vor_scene_) vor_scene_->show_snapshot(s);
    if (task_scene == eyeblink_) eyeblink_->show_snapshot(s);
    scene_->show_snapshot(s);
    parameters_->show_snapshot(*s);
    lesions_->show_snapshot(*s);
    diagram_->set_chosen_zone(purkinje_->zone());
    diagram_->show_snapshot(*s);
    if (menus_) menus_->show_snapshot(*s);
    history_->follow(*s);
    show_status(*s);
    shown_ = std::move(s);
    ++redraws_;
}

void MainWindow::show_status(const Snapshot& s) {
    QString text;
    if (!s.error.empty())
        text = tr("Error: %1").arg(QString::fromStdString(s.error));
    else if (s.restoring)
        text =
            tr("Restoring the saved run: trial %1 replayed at full speed…").arg(s.trial_index + 1);
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
