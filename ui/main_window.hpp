// SPDX-License-Identifier: GPL-3.0-or-later
// The main window. It owns the runner, sends it commands, and at about 60 Hz reads its
// latest snapshot and redraws the panels when the snapshot changed. It never touches the
// simulation itself.
#pragma once

#include <QMainWindow>
#include <QStringList>
#include <QTimer>
#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "runner.hpp"

class QDockWidget;
class QMenu;
class QSplitter;
class QStackedWidget;
class QTabWidget;

namespace flocculus::ui {

class SceneWidget;
class VorSceneWidget;
class EyeblinkScene;
class TransportBar;
class VelocityPanel;
class PurkinjePanel;
class LearningPanel;
class ParameterPanel;
class LesionPanel;
class CircuitDiagram;
class Exportable;
class WindowMenus;
class WeightsPanel;
class HelpMenu;
class RunHistory;
class ComparePanel;
class ClockPanel;
struct SessionData;

class MainWindow : public QMainWindow {
    Q_OBJECT

public:
    static constexpr int kPollIntervalMs = 16;
    static constexpr int kMinDockWidth = 280;  // the controls stay usable
    // Tabs beside the scene, in order (Ctrl+1 ... Ctrl+6). The Clock tab is there only
    // during the eyeblink protocols.
    enum Tab {
        VelocityTab = 0,
        PurkinjeTab = 1,
        LearningTab = 2,
        WeightsTab = 3,
        CompareTab = 4,
        ClockTab = 5,
        kTabCount = 6
    };
    // What to do with a run that is not kept when something would replace it.
    enum class Replace { Keep, Discard, Cancel };
    using ReplaceAsker = std::function<Replace()>;
    // Names of the tabs in Tab order, for lessons and --tab.
    static QStringList tab_keys();

    explicit MainWindow(const RunConfig& config, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The runner, or null once the window has been closed.
    Runner* runner() const { return runner_.get(); }
    // The runner's latest snapshot, or null once the window has been closed.
    std::shared_ptr<const Snapshot> snapshot() const;
    // The sequence number of the snapshot the panels show.
    std::uint64_t shown_sequence() const { return shown_ ? shown_->sequence : 0; }
    int redraw_count() const { return redraws_; }

    TransportBar* transport_bar() const { return transport_; }
    SceneWidget* scene() const { return scene_; }
    // The task's scene the window shows now (the pursuit screen, the VOR or eyeblink scene).
    VorSceneWidget* vor_scene() const { return vor_scene_; }
    EyeblinkScene* eyeblink_scene() const { return eyeblink_; }
    QWidget* shown_scene() const;
    VelocityPanel* velocity_panel() const { return velocity_; }
    PurkinjePanel* purkinje_panel() const { return purkinje_; }
    LearningPanel* learning_panel() const { return learning_; }
    WeightsPanel* weights_panel() const { return weights_; }
    ClockPanel* clock_panel() const { return clock_; }
    QTabWidget* tabs() const { return tabs_; }
    ParameterPanel* parameter_panel() const { return parameters_; }
    LesionPanel* lesion_panel() const { return lesions_; }
    CircuitDiagram* circuit_diagram() const { return diagram_; }
    QDockWidget* controls_dock() const { return controls_dock_; }
    QTabWidget* controls_tabs() const { return controls_tabs_; }
    // Shows a tab; nothing when it is not there (the Clock tab outside the eyeblink task).
    void show_tab(Tab tab);

    // Builds a new run from `config` (a loaded session or lesson). False when the user
    // chose to keep the current run as it is (see set_replace_asker).
    bool apply_config(const RunConfig& config);
    // Opens a session: its kept runs join the Runs tab and its run under way is rebuilt in
    // its trained state (cmd::Restore); a session without one builds a run from its settings.
    // False when the user chose to keep the current run as it is.
    bool apply_session(const SessionData& session);
    // Asked before a run with results that is not kept is replaced (by a reset, a protocol,
    // a seed, a lesson or a session); by default a message box. Null: never ask (discard).
    void set_replace_asker(ReplaceAsker asker) { asker_ = std::move(asker); }
    // Asks, if need be, whether the current run may be replaced; keeps it if so chosen.
    bool may_replace_run();
    RunHistory* history() const { return history_; }
    ComparePanel* compare_panel() const { return compare_; }
    // Everything that can be exported, in menu order. Panels register themselves here.
    const std::vector<Exportable*>& exportables() const { return exportables_; }
    void register_exportable(Exportable* e) { exportables_.push_back(e); }
    // Whether the Export menu offers `e` now: not when it belongs to a tab that is not there
    // (the Clock tab outside the eyeblink protocols).
    bool offers(const Exportable* e) const;
    // The File, Lessons and Export menus, the lesson panel and the speed readout.
    WindowMenus* menus() const { return menus_; }
    // The Help menu and presenter mode (full screen, text size).
    HelpMenu* help() const { return help_; }

  public slots:
    // Reads the latest snapshot and redraws the panels if it is new.
    void poll();

protected:
    void closeEvent(QCloseEvent* event) override;
    void showEvent(QShowEvent* event) override;

private:
    // Sends a command for a request of a control, and holds the controls as the user set
    // them until the runner has applied it. Returns the command's number.
    std::uint64_t request(Command c);
    void build_controls_dock();
    // Shares the window between the dock, the scene column and the tabs.
    void place_panels();
    void choose_protocol(Protocol p);
    void show_status(const Snapshot& s);

    std::unique_ptr<Runner> runner_;
    std::shared_ptr<const Snapshot> shown_;
    QTimer poll_timer_;
    int redraws_ = 0;

    // Whether the run's protocol instructs, for the configuration it was computed for.
    bool instructs_ = false;
    Protocol instructs_protocol_ = Protocol::StepRamp;
    std::size_t instructs_trials_ = 0;

    TransportBar* transport_ = nullptr;
    SceneWidget* scene_ = nullptr;
    VorSceneWidget* vor_scene_ = nullptr;
    EyeblinkScene* eyeblink_ = nullptr;
    QStackedWidget* scenes_ = nullptr;  // the task scenes; the protocol picks one
    VelocityPanel* velocity_ = nullptr;
    PurkinjePanel* purkinje_ = nullptr;
    LearningPanel* learning_ = nullptr;
    WeightsPanel* weights_ = nullptr;
    ClockPanel* clock_ = nullptr;
    bool clock_wanted_ = false;  // show_tab(ClockTab) before the tab was there
    QTabWidget* tabs_ = nullptr;
    QSplitter* splitter_ = nullptr;
    QSplitter* left_splitter_ = nullptr;  // the scene above the circuit diagram
    ParameterPanel* parameters_ = nullptr;
    LesionPanel* lesions_ = nullptr;
    CircuitDiagram* diagram_ = nullptr;
    QDockWidget* controls_dock_ = nullptr;
    QTabWidget* controls_tabs_ = nullptr;
    QString status_text_;
    bool placed_ = false;
    std::vector<Exportable*> exportables_;
    WindowMenus* menus_ = nullptr;
    QMenu* view_menu_ = nullptr;
    HelpMenu* help_ = nullptr;
    RunHistory* history_ = nullptr;
    ComparePanel* compare_ = nullptr;
    ReplaceAsker asker_;
};

}  // namespace flocculus::ui
