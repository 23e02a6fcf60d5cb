// SPDX-License-Identifier: GPL-3.0-or-later
#include <QtTest>

#include <cmath>
#include <limits>
#include <set>

#include "params/registry.hpp"

using namespace flocculus;

class TestRegistry : public QObject {
    Q_OBJECT
private slots:
    void everySpecIsWellFormed() {
        std::set<std::string_view> names;
        for (const auto& s : parameter_specs()) {
            QVERIFY2(names.insert(s.name).second, "duplicate parameter name");
            QVERIFY2(s.name.find('.') != std::string_view::npos, "names are dotted");
            QVERIFY(!s.description.empty());
            QVERIFY(s.min_value <= s.default_value && s.default_value <= s.max_value);
            if (s.kind == ParamKind::Choice) QVERIFY(!s.choices.empty());
        }
        QVERIFY(names.size() > 10);
    }

    void defaultsComeFromTheRegistry() {
        const Parameters p = default_parameters();
        for (const auto& s : parameter_specs())
            QCOMPARE(get_parameter(p, s), s.default_value);
        QCOMPARE(p.eye_visual_delay_ms, 80.0);
        QCOMPARE(p.sim_dt_ms, 1.0);
    }

    void setAcceptsValuesInRange() {
        Parameters p = default_parameters();
        QVERIFY(!set_parameter(p, "eye.visual_delay_ms", 250.0));
        QCOMPARE(p.eye_visual_delay_ms, 250.0);
        QVERIFY(!set_parameter(p, "sim.dt_ms", 0.1));  // range edges are valid
        QVERIFY(!set_parameter(p, "sim.dt_ms", 1.0));
    }

    void unknownNameIsRejected() {
        Parameters p = default_parameters();
        const Parameters before = p;
        const auto e = set_parameter(p, "eye.no_such_thing", 1.0);
        QVERIFY(e);
        QVERIFY(e->find("eye.no_such_thing") != std::string::npos);
        for (const auto& s : parameter_specs()) QCOMPARE(get_parameter(p, s), get_parameter(before, s));
    }

    void outOfRangeIsRejectedNamingTheRange() {
        Parameters p = default_parameters();
        const auto e = set_parameter(p, "sim.dt_ms", 2.0);
        QVERIFY(e);
        QVERIFY2(e->find("sim.dt_ms") != std::string::npos, e->c_str());
        QVERIFY2(e->find("[0.1, 1]") != std::string::npos, e->c_str());
        QCOMPARE(p.sim_dt_ms, 1.0);
        QVERIFY(set_parameter(p, "eye.plant_tau_ms", -5.0));
        QCOMPARE(p.eye_plant_tau_ms, 15.0);
    }

    void nonFiniteIsRejected() {
        Parameters p = default_parameters();
        QVERIFY(set_parameter(p, "eye.visual_delay_ms", std::numeric_limits<double>::quiet_NaN()));
        QVERIFY(set_parameter(p, "eye.visual_delay_ms", std::numeric_limits<double>::infinity()));
        QCOMPARE(p.eye_visual_delay_ms, 80.0);
        QVERIFY(set_parameter_text(p, "eye.visual_delay_ms", "nan"));
        QVERIFY(set_parameter_text(p, "eye.visual_delay_ms", "inf"));
        QCOMPARE(p.eye_visual_delay_ms, 80.0);
    }

    void integersAndChoices() {
        Parameters p = default_parameters();
        QVERIFY(set_parameter(p, "task.probe_every", 2.5));
        QVERIFY(!set_parameter_text(p, "task.probe_every", "5"));
        QCOMPARE(p.task_probe_every, 5);
        QVERIFY(!set_parameter_text(p, "task.instruction_direction", "down"));
        QCOMPARE(instruction_direction(p), InstructionDirection::Down);
        const auto e = set_parameter_text(p, "task.instruction_direction", "sideways");
        QVERIFY(e);
        QVERIFY2(e->find("{up, down}") != std::string::npos, e->c_str());
    }

    void textMustBeAWholeNumber() {
        Parameters p = default_parameters();
        QVERIFY(set_parameter_text(p, "eye.visual_delay_ms", "80ms"));
        QVERIFY(set_parameter_text(p, "eye.visual_delay_ms", ""));
        QVERIFY(!set_parameter_text(p, "eye.visual_delay_ms", "1e2"));
        QCOMPARE(p.eye_visual_delay_ms, 100.0);
    }
};

QTEST_APPLESS_MAIN(TestRegistry)
#include "test_registry.moc"
