// SPDX-License-Identifier: GPL-3.0-or-later
// The controls dock (parameters from the registry, lesions) and the circuit diagram,
// driven through a real Runner inside the main window.
#include <QtTest>

#include <QAction>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QDoubleSpinBox>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPushButton>
#include <QSlider>
#include <QTabWidget>
#include <memory>

#include "circuit_diagram.hpp"
#include "lesion_panel.hpp"
#include "main_window.hpp"
#include "palette.hpp"
#include "parameter_panel.hpp"
#include "purkinje_panel.hpp"
#include "scene_widget.hpp"
#include "slider_scale.hpp"
#include "transport_bar.hpp"

using namespace flocculus;
using namespace flocculus::ui;
using Node = CircuitDiagram::Node;

namespace {

constexpr int kTimeoutMs = 20000;

// A small network, so that building and resetting it is quick.
RunConfig small_run() {
    RunConfig c;
    c.trials = 3;
    c.seed = 7;
    if (set_parameter(c.params, "network.granule_cells", 5000.0)) qFatal("bad size");
    return c;
}

std::unique_ptr<MainWindow> shown_window() {
    auto w = std::make_unique<MainWindow>(small_run());
    w->set_replace_asker(nullptr);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get())) qFatal("window not exposed");
    return w;
}

const ParamSpec& spec(std::string_view name) {
    const ParamSpec* s = find_parameter(name);
    if (!s) qFatal("no parameter %s", std::string(name).c_str());
    return *s;
}

double param(const Parameters& p, std::string_view name) { return get_parameter(p, spec(name)); }

bool pending(const Snapshot& s, std::string_view name) {
    for (const auto& n : s.pending)
        if (n == name) return true;
    return false;
}

// A snapshot whose every population fires at `factor` times its baseline.
Snapshot snapshot_at(double factor) {
    Snapshot s;
    s.sequence = 1;
    s.activity.window_ms = 100;
    const auto set = [factor](PopulationRate& r, double baseline) {
        r.baseline_hz = baseline;
        r.rate_hz = factor * baseline;
    };
    set(s.activity.mossy, 10);
    set(s.activity.granule, 2);
    set(s.activity.golgi, 2);
    set(s.activity.interneurons, 2);
    for (int z = 0; z < kZoneCount; ++z) {
        set(s.activity.purkinje[z], 70);
        set(s.activity.olive[z], 1);
        set(s.activity.nuclei[z], 50);
    }
    return s;
}

}  // namespace

class TestControls : public QObject {
    Q_OBJECT
private slots:
    // --- the registry behind the panel -------------------------------------------------
    void teachingNamesAreInTheRegistry() {
        QVERIFY(!teaching_parameter_names().empty());
        for (const auto name : teaching_parameter_names())
            QVERIFY2(find_parameter(name) != nullptr,
                     qPrintable(QStringLiteral("Teaching parameter '%1' is not in the registry")
                                    .arg(QString::fromUtf8(name))));
        const ParameterPanel panel;
        QCOMPARE(panel.teaching_names().size(),
                 static_cast<qsizetype>(teaching_parameter_names().size()));
        QCOMPARE(panel.group_titles().first(), QStringLiteral("Teaching"));
    }

    void everyParameterHasARowFromTheRegistry() {
        const ParameterPanel panel;
        const auto specs = parameter_specs();
        QCOMPARE(panel.row_count(),
                 static_cast<int>(specs.size() + teaching_parameter_names().size()));
        for (const ParamSpec& s : specs) {
            const QString name = QString::fromUtf8(s.name);
            QWidget* control = s.kind == ParamKind::Choice
                                   ? static_cast<QWidget*>(panel.choice_box(s.name))
                                   : static_cast<QWidget*>(panel.slider(s.name));
            QVERIFY2(control, qPrintable(name));
            const QString tip = control->toolTip();
            QVERIFY2(tip.contains(name), qPrintable(name));
            QVERIFY2(tip.contains(QString::fromUtf8(s.description)
                                      .toHtmlEscaped()),
                     qPrintable(name));
            QVERIFY2(tip.contains(QString::fromStdString(s.range_text()).toHtmlEscaped()),
                     qPrintable(name));
            QVERIFY2(tip.contains(QString::fromStdString(s.format_value(s.default_value))),
                     qPrintable(name));
            if (s.kind == ParamKind::Choice) {
                QCOMPARE(panel.choice_box(s.name)->count(), static_cast<int>(s.choices.size()));
                continue;
            }
            QDoubleSpinBox* box = panel.number_box(s.name);
            QCOMPARE(box->minimum(), s.min_value);
            QCOMPARE(box->maximum(), s.max_value);
            QCOMPARE(box->value(), s.default_value);
            const QString label = parameter_label(s);
            QVERIFY2(!label.isEmpty() && !label.contains(QLatin1Char('_')), qPrintable(label));
        }
        // Groups follow the registry's order, after the Teaching group.
        QStringList groups{QStringLiteral("Teaching")};
        for (const ParamSpec& s : specs)
            if (!groups.contains(group_title(s.group()))) groups << group_title(s.group());
        QCOMPARE(panel.group_titles(), groups);
    }

    void labelsAreDerivedFromNames() {
        QCOMPARE(parameter_label(spec("pf.ltd_rate")), QStringLiteral("LTD rate"));
        QCOMPARE(parameter_label(spec("eye.visual_delay_ms")), QStringLiteral("Visual delay"));
        QCOMPARE(parameter_label(spec("task.instruction_speed_deg_s")),
                 QStringLiteral("Instruction speed"));
        QCOMPARE(parameter_label(spec("mf.direction_gain_hz_per_deg_s")),
                 QStringLiteral("Direction gain"));
    }

    // --- slider scales --------------------------------------------------------------------
    void scaleIsLogarithmicForRangesOverDecades() {
        QVERIFY(SliderScale::for_parameter(spec("pf.ltd_rate")).logarithmic());
        QVERIFY(SliderScale::for_parameter(spec("dcn.ltp_rate")).logarithmic());
        QVERIFY(SliderScale::for_parameter(spec("network.granule_cells")).logarithmic());
        QVERIFY(!SliderScale::for_parameter(spec("eye.visual_delay_ms")).logarithmic());
        QVERIFY(!SliderScale::for_parameter(spec("pc.noise")).logarithmic());
        const ParameterPanel panel;
        QVERIFY(panel.is_logarithmic("pf.ltd_rate"));
        QVERIFY(!panel.is_logarithmic("eye.visual_delay_ms"));
    }

    void everyScaleRoundTripsAndKeepsTheDefault() {
        for (const ParamSpec& s : parameter_specs()) {
            const SliderScale scale = SliderScale::for_parameter(s);
            const QString name = QString::fromUtf8(s.name);
            QVERIFY2(scale.positions() >= 1, qPrintable(name));
            QCOMPARE(scale.to_value(0), s.min_value);
            QCOMPARE(scale.to_value(scale.positions()), s.max_value);
            QVERIFY2(scale.to_value(scale.to_position(s.default_value)) == s.default_value,
                     qPrintable(name));
            double previous = -INFINITY;
            for (int pos = 0; pos <= scale.positions(); ++pos) {
                const double v = scale.to_value(pos);
                QVERIFY2(v >= s.min_value && v <= s.max_value, qPrintable(name));
                QVERIFY2(v >= previous, qPrintable(name));  // monotonic
                previous = v;
                // Position -> value -> position is exact where values differ.
                QCOMPARE(scale.to_value(scale.to_position(v)), v);
                if (s.kind == ParamKind::Real) QCOMPARE(scale.to_position(v), pos);
            }
        }
    }

    void logSliderRoundTripInThePanel() {
        ParameterPanel panel;
        QSlider* slider = panel.slider("pf.ltd_rate");
        QDoubleSpinBox* box = panel.number_box("pf.ltd_rate");
        const SliderScale scale = SliderScale::for_parameter(spec("pf.ltd_rate"));
        QVERIFY(scale.logarithmic());
        // One decade up is kStepsPerDecade positions along.
        const int at_default = slider->value();
        slider->setValue(at_default + SliderScale::kStepsPerDecade);
        QCOMPARE(box->value(), 10 * spec("pf.ltd_rate").default_value);
        // A typed value moves the slider to its nearest position ...
        box->setValue(0.0137);
        QCOMPARE(box->value(), 0.0137);
        const double shown = scale.to_value(slider->value());
        QVERIFY2(std::abs(std::log10(shown / 0.0137)) < 0.5 / SliderScale::kStepsPerDecade,
                 qPrintable(QString::number(shown)));
        // ... and the first position is exactly 0 ("off"), the last the top of the range.
        slider->setValue(0);
        QCOMPARE(box->value(), 0.0);
        slider->setValue(slider->maximum());
        QCOMPARE(box->value(), spec("pf.ltd_rate").max_value);
        // Stepping the number box walks the slider's positions.
        box->setValue(spec("pf.ltd_rate").default_value);
        box->stepBy(1);
        QCOMPARE(slider->value(), at_default + 1);
        QCOMPARE(box->value(), scale.to_value(at_default + 1));
    }

    void wheelScrollsTheListNotTheControls() {
        ParameterPanel panel;
        panel.resize(320, 400);
        panel.show();
        QVERIFY(QTest::qWaitForWindowExposed(&panel));
        QSlider* slider = panel.slider("eye.visual_delay_ms");
        QDoubleSpinBox* box = panel.number_box("eye.visual_delay_ms");
        panel.set_filter(QStringLiteral("visual_delay"));
        const int before = slider->value();
        const auto wheel = [](QWidget* w) {
            const QPointF at(w->width() / 2.0, w->height() / 2.0);
            QWheelEvent e(at, w->mapToGlobal(at), QPoint(), QPoint(0, 120), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
            QApplication::sendEvent(w, &e);
        };
        wheel(slider);
        wheel(box);
        QCOMPARE(slider->value(), before);
        QCOMPARE(box->value(), spec("eye.visual_delay_ms").default_value);
        // Once focused, the wheel adjusts it.
        slider->setFocus();
        QTRY_VERIFY(slider->hasFocus());
        wheel(slider);
        QVERIFY(slider->value() != before);
    }

    // --- the panel with a real runner ----------------------------------------------------
    void sliderChangeReachesTheCore() {
        auto w = shown_window();
        ParameterPanel* panel = w->parameter_panel();
        QSlider* slider = panel->slider("eye.visual_delay_ms");
        const SliderScale scale = SliderScale::for_parameter(spec("eye.visual_delay_ms"));
        slider->setValue(scale.to_position(150.0));
        QCOMPARE(panel->number_box("eye.visual_delay_ms")->value(), 150.0);
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.params.eye_visual_delay_ms, 150.0,
                                  kTimeoutMs);
        QVERIFY(!pending(*w->snapshot(), "eye.visual_delay_ms"));  // applies at once
        // The control keeps the value once the window shows that snapshot.
        QTRY_COMPARE(w->shown_sequence(), w->snapshot()->sequence);
        QCOMPARE(slider->value(), scale.to_position(150.0));
        QVERIFY(!panel->shows_pending("eye.visual_delay_ms"));
    }

    void numberBoxChangeReachesTheCore() {
        auto w = shown_window();
        QDoubleSpinBox* box = w->parameter_panel()->number_box("pf.ltd_rate");
        box->setValue(0.0137);
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.params.pf_ltd_rate, 0.0137, kTimeoutMs);
        QComboBox* choice = w->parameter_panel()->choice_box("task.instruction_direction");
        QVERIFY(choice);
        choice->setCurrentIndex(1);
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.params.task_instruction_direction, 1,
                                  kTimeoutMs);
    }

    void runnerChangesAreShown() {
        auto w = shown_window();
        w->runner()->set_parameter("pc.noise", 0.25);
        QTRY_COMPARE_WITH_TIMEOUT(w->parameter_panel()->number_box("pc.noise")->value(), 0.25,
                                  kTimeoutMs);
    }

    void defaultsRestoresEveryDefault() {
        auto w = shown_window();
        ParameterPanel* panel = w->parameter_panel();
        panel->number_box("pf.ltd_rate")->setValue(0.05);
        panel->number_box("eye.visual_delay_ms")->setValue(200);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->config.params.pf_ltd_rate == 0.05 &&
                                     w->snapshot()->config.params.eye_visual_delay_ms == 200,
                                 kTimeoutMs);
        QTest::mouseClick(panel->defaults_button(), Qt::LeftButton);
        const Parameters defaults = default_parameters();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->config.params.pf_ltd_rate == defaults.pf_ltd_rate &&
                                     w->snapshot()->config.params.eye_visual_delay_ms ==
                                         defaults.eye_visual_delay_ms,
                                 kTimeoutMs);
        // Every parameter: live ones in effect, structural ones waiting for a reset (the
        // window was built with a small network).
        const auto s = w->snapshot();
        for (const ParamSpec& p : parameter_specs()) {
            QCOMPARE(get_parameter(s->pending_config.params, p), p.default_value);
            if (!p.structural) QCOMPARE(get_parameter(s->config.params, p), p.default_value);
        }
        QVERIFY(pending(*s, "network.granule_cells"));
        QCOMPARE(panel->number_box("pf.ltd_rate")->value(), defaults.pf_ltd_rate);
    }

    void structuralParameterIsPendingUntilReset() {
        auto w = shown_window();
        ParameterPanel* panel = w->parameter_panel();
        QSlider* slider = panel->slider("network.granule_cells");
        const SliderScale scale = SliderScale::for_parameter(spec("network.granule_cells"));
        const int pos = scale.to_position(8000.0);
        const double value = scale.to_value(pos);
        QVERIFY(value != 5000.0);
        slider->setValue(pos);
        QTRY_VERIFY_WITH_TIMEOUT(pending(*w->snapshot(), "network.granule_cells"), kTimeoutMs);
        QCOMPARE(param(w->snapshot()->config.params, "network.granule_cells"), 5000.0);
        QTRY_VERIFY(panel->shows_pending("network.granule_cells"));
        QVERIFY(!panel->shows_pending("pf.ltd_rate"));
        QVERIFY(panel->pending_text().contains(QStringLiteral("network.granule_cells")));
        QCOMPARE(slider->value(), pos);  // shows what the next reset builds

        w->transport_bar()->reset_action()->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(param(w->snapshot()->config.params, "network.granule_cells"),
                                  value, kTimeoutMs);
        QVERIFY(!pending(*w->snapshot(), "network.granule_cells"));
        QTRY_VERIFY(!panel->shows_pending("network.granule_cells"));
        QVERIFY(panel->pending_text().isEmpty());
    }

    void refusedValuesAreShown() {
        auto w = shown_window();
        ParameterPanel* panel = w->parameter_panel();
        // In range on its own, but above pf.w_max: the reset refuses the configuration.
        panel->number_box("pf.w_init")->setValue(5.0);
        QTRY_VERIFY_WITH_TIMEOUT(pending(*w->snapshot(), "pf.w_init"), kTimeoutMs);
        w->transport_bar()->reset_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->error.empty(), kTimeoutMs);
        QTRY_VERIFY(panel->error_text().contains(QStringLiteral("pf.w_init")));
        QVERIFY(panel->shows_refused("pf.w_init"));
        QVERIFY(!panel->shows_refused("pf.ltd_rate"));
        // Fixed: the message goes.
        panel->number_box("pf.w_init")->setValue(0.5);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->error.empty(), kTimeoutMs);
        QTRY_VERIFY(panel->error_text().isEmpty());
        QVERIFY(!panel->shows_refused("pf.w_init"));
    }

    void filterFindsAParameter() {
        ParameterPanel panel;
        QVERIFY(panel.is_row_visible("pf.ltd_rate") == false);  // its group starts collapsed
        panel.filter_box()->setText(QStringLiteral("visual_delay"));
        QVERIFY(panel.is_row_visible("eye.visual_delay_ms"));
        QVERIFY(!panel.is_row_visible("pf.ltd_rate"));
        panel.filter_box()->setText(QStringLiteral("ltd"));
        QVERIFY(panel.is_row_visible("pf.ltd_rate"));
        QVERIFY(panel.is_row_visible("dcn.ltd_rate"));
        QVERIFY(!panel.is_row_visible("eye.visual_delay_ms"));
        panel.filter_box()->clear();
        QVERIFY(!panel.is_row_visible("eye.visual_delay_ms"));  // collapsed again
    }

    // --- seed, trials and the keyboard ---------------------------------------------------
    void seedAndTrialsStartANewRun() {
        auto w = shown_window();
        TransportBar* bar = w->transport_bar();
        QTRY_COMPARE(bar->seed_edit()->text(), QStringLiteral("7"));
        QTRY_COMPARE(bar->trials_box()->value(), 3);
        QVERIFY(bar->trials_box()->isEnabled());
        QCOMPARE(bar->trials_box()->maximum(), kMaxScheduleTrials);
        bar->seed_edit()->setText(QStringLiteral("42"));
        emit bar->seed_edit()->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->config.seed == 42, kTimeoutMs);
        QCOMPARE(w->snapshot()->trial_count, std::size_t{3});
        bar->trials_box()->setValue(5);
        emit bar->trials_box()->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_count == 5, kTimeoutMs);
        QCOMPARE(w->snapshot()->config.seed, std::uint64_t{42});
        // A protocol whose length follows from its phases: the count is shown, not chosen.
        bar->set_protocol(Protocol::Washout);
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->config.protocol == Protocol::Washout, kTimeoutMs);
        QTRY_VERIFY(!bar->trials_box()->isEnabled());
        QCOMPARE(bar->trials_box()->value(), static_cast<int>(w->snapshot()->trial_count));
        // The seed stays what was chosen.
        QCOMPARE(w->snapshot()->config.seed, std::uint64_t{42});
    }

    void shortcutsWorkWhateverHasFocus() {
        auto w = shown_window();
        w->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(w.get()));
        TransportBar* bar = w->transport_bar();
        // A button with the focus does not take Space: it plays.
        auto* defaults = w->parameter_panel()->findChild<QPushButton*>();
        QVERIFY(defaults);
        defaults->setFocus();
        QTRY_VERIFY(defaults->hasFocus());
        QTest::keyClick(defaults, Qt::Key_Space);
        QVERIFY(bar->play_action()->isChecked());
        QTest::keyClick(defaults, Qt::Key_Space);
        QVERIFY(!bar->play_action()->isChecked());
        // Typing into the filter: Space is a character, Escape gives the focus back.
        QLineEdit* filter = w->parameter_panel()->filter_box();
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, QStringLiteral("ltd rate"));
        QCOMPARE(filter->text(), QStringLiteral("ltd rate"));
        QVERIFY(!bar->play_action()->isChecked());
        QTest::keyClick(filter, Qt::Key_Escape);
        QTRY_VERIFY(w->scene()->hasFocus());
        QTest::keyClick(w->scene(), Qt::Key_Space);
        QVERIFY(bar->play_action()->isChecked());
        QTest::keyClick(w->scene(), Qt::Key_Space);
        // The seed box is typed into too.
        bar->seed_edit()->setFocus();
        QTRY_VERIFY(bar->seed_edit()->hasFocus());
        QTest::keyClick(bar->seed_edit(), Qt::Key_Escape);
        QTRY_VERIFY(w->scene()->hasFocus());
    }

    // --- lessons and the diagram ---------------------------------------------------------
    void everyLesionHasAToggleAndANode() {
        const LesionPanel panel;
        for (const LesionInfo& info : lesion_infos()) {
            QVERIFY(panel.toggle(info.lesion));
            QCOMPARE(panel.toggle(info.lesion)->toolTip(),
                     QString::fromUtf8(info.description));
            int nodes = 0;
            for (std::size_t n = 0; n < CircuitDiagram::kNodeCount; ++n)
                if (CircuitDiagram::lesion_of(static_cast<Node>(n)) == info.lesion) ++nodes;
            QCOMPARE(nodes, 1);
        }
    }

    void lesionToggleReachesTheCoreAndTheDiagram() {
        auto w = shown_window();
        LesionPanel* lesions = w->lesion_panel();
        CircuitDiagram* diagram = w->circuit_diagram();
        QVERIFY(!diagram->shows_lesioned(Node::Olive));
        lesions->toggle(Lesion::Io)->click();
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Io], 1.0, kTimeoutMs);
        QTRY_VERIFY(diagram->shows_lesioned(Node::Olive));
        QVERIFY(!diagram->shows_lesioned(Node::Purkinje));
        // A partial lesion.
        lesions->fraction_slider(Lesion::Io)->setValue(50);
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Io], 0.5, kTimeoutMs);
        QVERIFY(lesions->toggle(Lesion::Io)->isChecked());
        lesions->toggle(Lesion::Io)->click();
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Io], 0.0, kTimeoutMs);
        QTRY_VERIFY(!diagram->shows_lesioned(Node::Olive));
        // Toggled on again, it applies the fraction the slider kept.
        lesions->toggle(Lesion::Io)->click();
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Io], 0.5, kTimeoutMs);
        lesions->clear_button()->click();
        QTRY_VERIFY_WITH_TIMEOUT(!w->snapshot()->config.lesions.any(), kTimeoutMs);
    }

    void diagramClickReachesTheCoreAndTheToggle() {
        auto w = shown_window();
        CircuitDiagram* diagram = w->circuit_diagram();
        QCheckBox* toggle = w->lesion_panel()->toggle(Lesion::Golgi);
        QVERIFY(!toggle->isChecked());
        QTest::mouseClick(diagram, Qt::LeftButton, {}, diagram->node_centre(Node::Golgi).toPoint());
        QVERIFY(diagram->shows_lesioned(Node::Golgi));  // at once, before the runner answers
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Golgi], 1.0, kTimeoutMs);
        QTRY_VERIFY(toggle->isChecked());
        // Synapse badges stand for plasticity lesions.
        QTest::mouseClick(diagram, Qt::LeftButton, {}, diagram->node_centre(Node::Ltd).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Ltd], 1.0, kTimeoutMs);
        // A second click undoes it.
        QTest::mouseClick(diagram, Qt::LeftButton, {}, diagram->node_centre(Node::Golgi).toPoint());
        QTRY_COMPARE_WITH_TIMEOUT(w->snapshot()->config.lesions[Lesion::Golgi], 0.0, kTimeoutMs);
        QTRY_VERIFY(!toggle->isChecked());
        QVERIFY(!diagram->shows_lesioned(Node::Golgi));
        // A part without a lesion sends nothing.
        const std::uint64_t applied = w->snapshot()->commands_applied;
        QTest::mouseClick(diagram, Qt::LeftButton, {},
                          diagram->node_centre(Node::Granule).toPoint());
        QTest::qWait(50);
        QCOMPARE(w->snapshot()->commands_applied, applied);
    }

    void microzoneClickChoosesThePurkinjeZone() {
        auto w = shown_window();
        CircuitDiagram* diagram = w->circuit_diagram();
        QSignalSpy spy(diagram, &CircuitDiagram::zone_chosen);
        QTest::mouseClick(diagram, Qt::LeftButton, {}, diagram->zone_centre(1).toPoint());
        QCOMPARE(spy.count(), 1);
        QCOMPARE(spy.at(0).at(0).toInt(), 1);
        QCOMPARE(w->purkinje_panel()->zone(), 1);
        QCOMPARE(w->tabs()->currentIndex(), static_cast<int>(MainWindow::PurkinjeTab));
        QCOMPARE(diagram->chosen_zone(), 1);
        // And the other way: the panel's choice is drawn.
        w->purkinje_panel()->zone_box()->setCurrentIndex(3);
        QTRY_COMPARE(diagram->chosen_zone(), 3);
        // A zone click is not a Purkinje lesion.
        QVERIFY(!diagram->shows_lesioned(Node::Purkinje));
    }

    void diagramShowsTheNucleoOlivaryTiming() {
        CircuitDiagram diagram;
        diagram.resize(520, 270);
        Snapshot s;
        diagram.show_snapshot(s);  // default: the inhibition acts at once, nothing written
        QVERIFY(diagram.nucleo_olivary_timing().isEmpty());
        s.config.params.io_nucleo_olivary_delay_ms = 20;
        s.config.params.io_nucleo_olivary_tau_ms = 500;
        diagram.show_snapshot(s);
        QCOMPARE(diagram.nucleo_olivary_timing(), QStringLiteral("20 ms delay, \u03c4 500 ms"));
        QImage img(diagram.size(), QImage::Format_ARGB32);
        diagram.render(&img);  // drawn beside the path without trouble
        s.config.params.io_nucleo_olivary_delay_ms = 0;
        diagram.show_snapshot(s);
        QCOMPARE(diagram.nucleo_olivary_timing(), QStringLiteral("\u03c4 500 ms"));
    }

    void diagramActivityFollowsTheSnapshot() {
        CircuitDiagram diagram;
        diagram.resize(520, 270);
        // Nothing measured yet: every population at rest colour.
        diagram.show_snapshot(Snapshot{});
        QCOMPARE(diagram.node_fill(Node::Purkinje), palette::activity_rest());
        diagram.show_snapshot(snapshot_at(1.0));
        QCOMPARE(diagram.node_fill(Node::Olive), palette::activity_rest());
        QCOMPARE(diagram.node_activity(Node::Olive)->rate_hz, 1.0);
        diagram.show_snapshot(snapshot_at(0.5));
        QCOMPARE(diagram.node_fill(Node::Purkinje), palette::activity_low());
        QCOMPARE(diagram.node_activity(Node::Purkinje)->rate_hz, 35.0);
        diagram.show_snapshot(snapshot_at(2.0));
        QCOMPARE(diagram.node_fill(Node::Granule), palette::activity_high());
        // In between: nearer rest than the extreme.
        diagram.show_snapshot(snapshot_at(1.1));
        const QColor mid = diagram.node_fill(Node::Nuclei);
        QVERIFY(mid != palette::activity_rest() && mid != palette::activity_high());

        const PlotTable t = diagram.export_table();
        QCOMPARE(t.columns,
                 (QStringList{QStringLiteral("node"), QStringLiteral("rate_hz"),
                              QStringLiteral("baseline_hz"), QStringLiteral("lesioned")}));
        bool found = false;
        for (const QStringList& row : t.rows) {
            QCOMPARE(row.size(), t.columns.size());
            if (row[0] == QStringLiteral("Purkinje cells (up)")) {
                QCOMPARE(row[1].toDouble(), 77.0);
                QCOMPARE(row[2].toDouble(), 70.0);
                QCOMPARE(row[3].toDouble(), 0.0);
                found = true;
            }
        }
        QVERIFY(found);
        QCOMPARE(diagram.export_name(), QStringLiteral("circuit-diagram"));
        QCOMPARE(diagram.export_widget(), &diagram);
    }

    void diagramShowsTheRunnersActivity() {
        auto w = shown_window();
        w->transport_bar()->step_action()->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(w->snapshot()->trial_index == 1 && !w->snapshot()->playing,
                                 kTimeoutMs);
        QTRY_COMPARE(w->shown_sequence(), w->snapshot()->sequence);
        const auto s = w->snapshot();
        QVERIFY(s->activity.window_ms > 0);
        QCOMPARE(w->circuit_diagram()->node_activity(Node::Purkinje)->rate_hz,
                 zone_mean(s->activity.purkinje).rate_hz);
        QVERIFY(w->circuit_diagram()->node_activity(Node::Purkinje)->rate_hz > 0);
        QTRY_VERIFY(w->circuit_diagram()->paint_count() > 0);
    }

    // --- layout --------------------------------------------------------------------------
    void layoutFitsAProjectorAndScales() {
        auto w = shown_window();
        QDockWidget* dock = w->controls_dock();
        QVERIFY(dock->isVisible());
        QCOMPARE(w->dockWidgetArea(dock), Qt::RightDockWidgetArea);
        for (const QSize size : {QSize(1366, 768), QSize(3840, 2160)}) {
            w->resize(size);
            QTRY_COMPARE(w->size(), size);
            QVERIFY(w->circuit_diagram()->isVisible());
            QVERIFY(w->circuit_diagram()->height() >=
                    w->circuit_diagram()->minimumSizeHint().height());
            QVERIFY(w->circuit_diagram()->width() >=
                    w->circuit_diagram()->minimumSizeHint().width());
            QVERIFY(w->scene()->height() >= w->scene()->minimumSizeHint().height());
            QVERIFY2(dock->width() >= 280, qPrintable(QString::number(dock->width())));
            // Beneath the scene, in the left column.
            const QPoint scene = w->scene()->mapTo(w.get(), QPoint(0, 0));
            const QPoint diagram = w->circuit_diagram()->mapTo(w.get(), QPoint(0, 0));
            QVERIFY(diagram.y() > scene.y() + w->scene()->height() - 1);
            QCOMPARE(diagram.x(), scene.x());
        }
        // At 4K the diagram grows.
        QVERIFY(w->circuit_diagram()->height() > 400);
        // The View menu hides and shows the dock.
        QAction* toggle = dock->toggleViewAction();
        bool in_menu = false;
        for (QAction* menu : w->menuBar()->actions())
            if (menu->menu() && menu->menu()->actions().contains(toggle)) in_menu = true;
        QVERIFY(in_menu);
        toggle->trigger();
        QTRY_VERIFY(!dock->isVisible());
        toggle->trigger();
        QTRY_VERIFY(dock->isVisible());
    }
};

QTEST_MAIN(TestControls)
#include "test_controls.moc"
