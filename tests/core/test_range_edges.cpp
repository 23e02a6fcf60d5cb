// SPDX-License-Identifier: GPL-3.0-or-later
// Every registry parameter at its minimum and at its maximum, one at a time, for two trials
// of a small network: nothing crashes (this test also runs under ASan/UBSan), no value that
// is not finite reaches the traces, spikes, weight map or written files, and the NaN guard
// never has to stop a run. The guard itself is shown to stop a run and name the population.
#include <QtTest>

#include <QTemporaryDir>
#include <cmath>
#include <fstream>
#include <limits>
#include <sstream>

#include "batch.hpp"
#include "circuit/cerebellum.hpp"
#include "params/registry.hpp"
#include "record/run_writer.hpp"
#include "simulation.hpp"
#include "test_shard.hpp"

using namespace flocculus;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

// A small network: few granule cells, mossy fibres and Purkinje cells (each row's own
// parameter may then make it bigger).
constexpr std::pair<const char*, double> kSmallNetwork[] = {
    {"network.granule_cells", 2000}, {"mf.count", 400}, {"dcn.mf_inputs", 100},
    {"network.purkinje_per_microzone", 4}, {"record.purkinje", 4}};
// Two trials each; one under the sanitizers (several times slower).
constexpr std::size_t kTrials = kSanitized ? 1 : 2;

void use_small_network(Parameters& p) {
    for (const auto& [name, value] : kSmallNetwork)
        if (set_parameter(p, name, value)) qFatal("bad small network");
}

// Moves the partner of a constrained pair so that `name` may take its extreme value, as a
// user would (validate_parameters names these pairs).
void make_consistent(Parameters& p, std::string_view name) {
    if (name == "pf.w_init") p.pf_w_max = std::max(p.pf_w_max, p.pf_w_init);
    if (name == "pf.w_max") p.pf_w_init = std::min(p.pf_w_init, p.pf_w_max);
    if (name == "dcn.mf_weight_init") p.dcn_w_max = std::max(p.dcn_w_max, p.dcn_mf_weight_init);
    if (name == "dcn.w_max") p.dcn_mf_weight_init = std::min(p.dcn_mf_weight_init, p.dcn_w_max);
    // (The parameters of a rule that is off by default are tried with it on.)
    if (name == "dcn.ltp_threshold_hz") {
        p.dcn_ltd_threshold_hz = std::max(p.dcn_ltd_threshold_hz, p.dcn_ltp_threshold_hz);
        p.dcn_rule = 1;
    }
    if (name == "dcn.ltd_threshold_hz") {
        p.dcn_ltp_threshold_hz = std::min(p.dcn_ltp_threshold_hz, p.dcn_ltd_threshold_hz);
        p.dcn_rule = 1;
    }
    if (name == "dcn.consolidation_per_s" || name == "dcn.labile_max" ||
        name.starts_with("dcn.resource_"))
        p.dcn_labile_tau_s = 1;
    if (name == "io.nucleo_olivary_sources") p.io_nucleo_olivary_learned_fraction = 1;
    if (name == "mf.context_fraction")
        p.mf_direction_fraction = std::min(p.mf_direction_fraction, 1.0 - p.mf_context_fraction);
    if (name == "mf.direction_fraction")
        p.mf_context_fraction = std::min(p.mf_context_fraction, 1.0 - p.mf_direction_fraction);
    if (name == "dcn.mf_inputs" || name == "gc.mf_inputs")
        p.mf_count = std::max({p.mf_count, p.dcn_mf_inputs, p.gc_mf_inputs});
    if (name == "mf.count") {
        p.dcn_mf_inputs = std::min(p.dcn_mf_inputs, p.mf_count);
        p.gc_mf_inputs = std::min(p.gc_mf_inputs, p.mf_count);
    }
}

Protocol protocol_for(std::string_view name) {
    if (name.starts_with("task.sine")) return Protocol::SinePursuit;
    if (name == "task.single_trial_index") return Protocol::SingleTrial;
    if (name == "task.acquire_trials" || name == "task.washout_trials") return Protocol::Savings;
    // The eyeblink zone and its task are built only for the eyeblink protocols.
    if (name == "task.extinction_trials") return Protocol::EyeblinkExtinction;
    if (name.starts_with("eb.") || name.starts_with("eyelid.") || name == "task.isi_ms" ||
        name == "task.cr_threshold" || name == "task.cs_rate_hz" || name == "task.us_strength" ||
        name == "task.probe_cs_extension_ms")
        return Protocol::Eyeblink;
    return Protocol::DirectionLearning;
}

bool finite(const TraceSample& s) {
    for (float v : {s.t_ms, s.target_x_deg, s.target_y_deg, s.target_vx_deg_s, s.target_vy_deg_s,
                    s.eye_x_deg, s.eye_y_deg, s.eye_vx_deg_s, s.eye_vy_deg_s, s.cerebellar_vx_deg_s,
                    s.cerebellar_vy_deg_s, s.nuclear_vx_deg_s, s.nuclear_vy_deg_s})
        if (!std::isfinite(v)) return false;
    return true;
}

std::string read(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(f), {}};
}

}  // namespace

class TestRangeEdges : public QObject {
    Q_OBJECT
private slots:
    void everyParameterAtItsMinimumAndMaximum_data() {
        QTest::addColumn<QString>("name");
        QTest::addColumn<double>("value");
        std::size_t row = 0;
        for (const ParamSpec& s : parameter_specs()) {
            if (!flocculus::test::in_shard(row++)) continue;
            double high = s.max_value;
            // Under the sanitizers, two million granule cells take minutes and gigabytes; the
            // largest network is run in the Release build only.
            if (kSanitized && s.name == "network.granule_cells") high = 50000;
            QTest::addRow("%s min", std::string(s.name).c_str()) << QString::fromUtf8(s.name.data(), qsizetype(s.name.size())) << s.min_value;
            QTest::addRow("%s max", std::string(s.name).c_str()) << QString::fromUtf8(s.name.data(), qsizetype(s.name.size())) << high;
        }
    }
    void everyParameterAtItsMinimumAndMaximum() {
        QFETCH(QString, name);
        QFETCH(double, value);
        const std::string n = name.toStdString();
        RunConfig c;
        c.protocol = protocol_for(n);
        if (c.protocol == Protocol::DirectionLearning || c.protocol == Protocol::SinePursuit ||
            c.protocol == Protocol::Eyeblink)
            c.trials = static_cast<int>(kTrials);
        // Schedules that must be longer than a parameter (only their first trials are run).
        if (n == "task.baseline_trials") c.trials = static_cast<int>(value) + 2;
        if (n == "task.single_trial_index") c.trials = static_cast<int>(value);
        use_small_network(c.params);
        const auto e = set_parameter(c.params, n, value);
        QVERIFY2(!e, e ? e->c_str() : "");
        make_consistent(c.params, n);
        auto schedule = prepare_run(c);
        if (auto* refused = std::get_if<std::string>(&schedule)) {
            // A refused combination is fine if it says why in one line.
            QVERIFY(!refused->empty() && refused->find('\n') == std::string::npos);
            QSKIP(qPrintable(QStringLiteral("refused: ") + QString::fromStdString(*refused)));
        }

        Simulation sim(c.params, std::move(std::get<0>(schedule)), 7, c.lesions, 1);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::filesystem::path out = dir.path().toStdString();
        RunWriter writer(out, c.params.record_purkinje);
        QVERIFY(writer.ok());
        std::size_t bad_traces = 0, bad_spikes = 0;
        std::vector<TrialMetrics> metrics;
        sim.on_trial_end([&](const TrialRecord& r, const TrialMetrics& m) {
            for (const auto& s : r.trace) bad_traces += !finite(s);
            for (const auto& s : r.spikes) bad_spikes += !std::isfinite(s.t_ms);
            writer.add_trial(r, m);
            metrics.push_back(m);
        });
        while (!sim.finished() && !sim.fault() && sim.trial_index() < kTrials) sim.step();
        QVERIFY2(!sim.fault(), sim.fault() ? sim.fault()->c_str() : "");
        QCOMPARE(bad_traces, std::size_t{0});
        QCOMPARE(bad_spikes, std::size_t{0});
        const WeightMap map = sim.weight_map();
        for (float w : map.weight) QVERIFY(!std::isinf(w));
        for (float w : map.change) QVERIFY(!std::isinf(w));

        SummaryInfo info;
        info.protocol = "edge";
        info.trials = static_cast<int>(metrics.size());
        info.parameters = c.params;
        info.metrics = summarize(c.protocol, metrics);
        QCOMPARE(QString::fromStdString(writer.finish(info)), QString());
        for (const char* f : {"summary.json", "trials.csv", "purkinje_spikes.csv", "traces.csv"}) {
            std::string text = read(out / f);
            for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            QVERIFY2(text.find("nan") == std::string::npos && text.find("inf") == std::string::npos,
                     f);
        }
    }

    // The guard: a parallel-fibre weight made NaN stops the run at once with a message
    // naming the synapses, and nothing of the trial is reported or written.
    void theNanGuardStopsTheRunAndNamesThePopulation() {
        RunConfig c;
        c.protocol = Protocol::DirectionLearning;
        c.trials = 3;
        use_small_network(c.params);
        auto schedule = prepare_run(c);
        Simulation sim(c.params, std::move(std::get<0>(schedule)), 7, c.lesions, 1);
        int trials_reported = 0;
        sim.on_trial_end([&](const TrialRecord&, const TrialMetrics&) { ++trials_reported; });
        auto& syn = sim.cerebellum().synapses();
        for (std::size_t g = 0; g < syn.granule_count(); ++g)
            syn.set_weight(g, 0, std::numeric_limits<float>::quiet_NaN());
        while (!sim.finished() && !sim.fault()) sim.step();
        QVERIFY(sim.fault());
        const std::string& m = *sim.fault();
        QVERIFY2(m.find("not finite (NaN or infinity) in the parallel-fibre synapses") != std::string::npos,
                 m.c_str());
        QVERIFY2(m.find("during trial 1 of 3") != std::string::npos, m.c_str());
        QVERIFY(m.find('\n') == std::string::npos);
        QCOMPARE(trials_reported, 0);
        const auto before = sim.step_index();
        sim.step();
        QCOMPARE(sim.step_index(), before);  // stopped for good
    }
};

QTEST_GUILESS_MAIN(TestRangeEdges)
#include "test_range_edges.moc"
