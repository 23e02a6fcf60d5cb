// SPDX-License-Identifier: GPL-3.0-or-later
#include "saved_runs.hpp"

#include <QtEndian>
#include <bit>
#include <cmath>
#include <cstring>
#include <type_traits>

namespace flocculus::ui {
namespace {

constexpr char kMagic[4] = {'F', 'L', 'R', 'N'};
constexpr std::uint32_t kLayout = 1;  // layout of the bytes below

// --- writing ---------------------------------------------------------------------------

class Writer {
  public:
    template <typename T>
    void put(T v) {
        static_assert(std::is_arithmetic_v<T> || std::is_enum_v<T>);
        if constexpr (std::is_enum_v<T>) {
            put(static_cast<std::uint8_t>(v));
        } else if constexpr (std::is_same_v<T, bool>) {
            put(static_cast<std::uint8_t>(v ? 1 : 0));
        } else if constexpr (std::is_floating_point_v<T>) {
            using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
            put(std::bit_cast<U>(v));
        } else {
            const T le = qToLittleEndian(v);
            out_.append(reinterpret_cast<const char*>(&le), sizeof le);
        }
    }
    void count(std::size_t n) { put(static_cast<std::uint32_t>(n)); }
    void text(const std::string& s) {
        count(s.size());
        out_.append(s.data(), static_cast<qsizetype>(s.size()));
    }
    QByteArray take() { return std::move(out_); }

  private:
    QByteArray out_;
};

void put_plan(Writer& w, const TrialPlan& p) {
    w.put(static_cast<std::int32_t>(p.number));
    w.put(p.phase);
    w.put(p.motion);
    w.put(p.instructed);
    w.put(p.probe);
    w.put(p.shutdown);
    w.put(p.rest_s);
}

void put_record(Writer& w, const TrialRecord& r) {
    put_plan(w, r.plan);
    w.put(static_cast<std::int32_t>(r.cells_per_zone));
    w.count(r.trace.size());
    for (const TraceSample& s : r.trace)
        for (float v :
             {s.t_ms, s.target_x_deg, s.target_y_deg, s.target_vx_deg_s, s.target_vy_deg_s,
              s.eye_x_deg, s.eye_y_deg, s.eye_vx_deg_s, s.eye_vy_deg_s, s.cerebellar_vx_deg_s,
              s.cerebellar_vy_deg_s, s.nuclear_vx_deg_s, s.nuclear_vy_deg_s})
            w.put(v);
    w.count(r.spikes.size());
    for (const PurkinjeSpike& s : r.spikes) {
        w.put(s.t_ms);
        w.put(s.microzone);
        w.put(s.cell);
        w.put(s.kind);
    }
}

void put_metrics(Writer& w, const TrialMetrics& m) {
    w.put(static_cast<std::int32_t>(m.trial));
    w.put(m.phase);
    w.put(m.instructed);
    w.put(m.probe);
    for (double v : {m.learned_velocity_deg_s, m.cerebellar_learned_deg_s, m.nuclear_learned_deg_s,
                     m.latency_ms, m.gain, m.cs_rate_instr_hz, m.cs_rate_base_hz, m.ss_learned_hz,
                     m.ss_late_hz, m.oscillation_p2p_deg_s})
        w.put(v);
    for (double v : m.ss_pursuit_hz) w.put(v);
    for (double v : m.ss_fixation_hz) w.put(v);
    w.count(m.cell_cs_in_instr.size());
    for (std::uint8_t v : m.cell_cs_in_instr) w.put(v);
    w.count(m.cell_ss_learned_hz.size());
    for (float v : m.cell_ss_learned_hz) w.put(v);
}

void put_weights(Writer& w, const WeightMap& m) {
    w.put(static_cast<std::int32_t>(m.trial));
    w.put(static_cast<std::int32_t>(m.bins));
    w.put(m.bin_start_ms);
    w.put(m.bin_ms);
    w.put(static_cast<std::int32_t>(m.purkinje_count));
    w.put(static_cast<std::int32_t>(m.cells_per_zone));
    w.put(m.w_max);
    w.count(m.weight.size());
    for (float v : m.weight) w.put(v);
    w.count(m.change.size());
    for (float v : m.change) w.put(v);
    w.count(m.granule_cells.size());
    for (std::uint32_t v : m.granule_cells) w.put(v);
    w.put(m.silent_granule_cells);
}

// --- reading ---------------------------------------------------------------------------

class Reader {
  public:
    explicit Reader(const QByteArray& b)
        : p_(b.constData()), left_(static_cast<std::size_t>(b.size())) {}

    bool ok() const { return error_.isEmpty(); }
    const QString& error() const { return error_; }
    std::size_t left() const { return left_; }
    void fail(const QString& e) {
        if (error_.isEmpty()) error_ = e;
        left_ = 0;
    }

    template <typename T>
    T get() {
        if constexpr (std::is_same_v<T, bool>) {
            const auto v = get<std::uint8_t>();
            if (v > 1) fail(QStringLiteral("a yes/no value is %1").arg(v));
            return v == 1;
        } else if constexpr (std::is_floating_point_v<T>) {
            using U = std::conditional_t<sizeof(T) == 4, std::uint32_t, std::uint64_t>;
            return std::bit_cast<T>(get<U>());
        } else {
            T v{};
            if (left_ < sizeof v) {
                fail(QStringLiteral("the run's data ends early"));
                return T{};
            }
            std::memcpy(&v, p_, sizeof v);
            p_ += sizeof v;
            left_ -= sizeof v;
            return qFromLittleEndian(v);
        }
    }
    // An enumeration stored as a byte, checked against its last value.
    template <typename E>
    E get_enum(E last, const char* what) {
        const auto v = get<std::uint8_t>();
        if (v > static_cast<std::uint8_t>(last))
            fail(QStringLiteral("unknown %1 %2").arg(QLatin1String(what)).arg(v));
        return static_cast<E>(v);
    }
    // A count of items of `item_bytes` each that must fit in what is left.
    std::size_t count(std::size_t item_bytes, const char* what) {
        const auto n = get<std::uint32_t>();
        if (ok() && static_cast<std::uint64_t>(n) * item_bytes > left_)
            fail(QStringLiteral("%1 %2 counted, more than the data holds")
                     .arg(n)
                     .arg(QLatin1String(what)));
        return ok() ? n : 0;
    }
    std::string text(const char* what) {
        const std::size_t n = count(1, what);
        std::string s(p_, n);
        p_ += n;
        left_ -= n;
        return s;
    }

  private:
    const char* p_;
    std::size_t left_;
    QString error_;
};

constexpr std::size_t kTraceFloats = 13;
constexpr std::size_t kSpikeBytes = 4 + 2 + 2 + 1;

TrialPlan get_plan(Reader& r) {
    TrialPlan p;
    p.number = r.get<std::int32_t>();
    p.phase = r.get_enum(Phase::Retention, "phase");
    p.motion = r.get_enum(Motion::Sine, "motion");
    p.instructed = r.get<bool>();
    p.probe = r.get<bool>();
    p.shutdown = r.get<bool>();
    p.rest_s = r.get<double>();
    if (r.ok() && (p.number < 1 || !(p.rest_s >= 0) || !std::isfinite(p.rest_s)))
        r.fail(QStringLiteral("a trial's number or rest is out of range"));
    return p;
}

std::shared_ptr<const TrialRecord> get_record(Reader& r) {
    auto t = std::make_shared<TrialRecord>();
    t->plan = get_plan(r);
    t->cells_per_zone = r.get<std::int32_t>();
    if (r.ok() && (t->cells_per_zone < 0 || t->cells_per_zone > 65535))
        r.fail(QStringLiteral("a trial's cells per microzone (%1) is out of range [0, 65535]")
                   .arg(t->cells_per_zone));
    const std::size_t samples = r.count(kTraceFloats * 4, "trace samples");
    if (r.ok() && samples > static_cast<std::size_t>(kRecordedBins))
        r.fail(QStringLiteral("a trial has %1 trace samples, more than %2")
                   .arg(samples)
                   .arg(kRecordedBins));
    t->trace.resize(r.ok() ? samples : 0);
    for (TraceSample& s : t->trace)
        for (float* v :
             {&s.t_ms, &s.target_x_deg, &s.target_y_deg, &s.target_vx_deg_s, &s.target_vy_deg_s,
              &s.eye_x_deg, &s.eye_y_deg, &s.eye_vx_deg_s, &s.eye_vy_deg_s, &s.cerebellar_vx_deg_s,
              &s.cerebellar_vy_deg_s, &s.nuclear_vx_deg_s, &s.nuclear_vy_deg_s})
            *v = r.get<float>();
    const std::size_t spikes = r.count(kSpikeBytes, "spikes");
    t->spikes.resize(spikes);
    for (PurkinjeSpike& s : t->spikes) {
        s.t_ms = r.get<float>();
        s.microzone = r.get<std::uint16_t>();
        s.cell = r.get<std::uint16_t>();
        s.kind = r.get_enum(SpikeKind::Complex, "spike kind");
        if (r.ok() && (s.microzone >= kMicrozones || s.cell >= t->cells_per_zone)) {
            r.fail(QStringLiteral("a spike of microzone %1, cell %2 is outside the circuit (%3 "
                                  "microzones of %4 cells)")
                       .arg(s.microzone)
                       .arg(s.cell)
                       .arg(kMicrozones)
                       .arg(t->cells_per_zone));
        }
        if (!r.ok()) break;
    }
    return t;
}

TrialMetrics get_metrics(Reader& r) {
    TrialMetrics m;
    m.trial = r.get<std::int32_t>();
    m.phase = r.get_enum(Phase::Retention, "phase");
    m.instructed = r.get<bool>();
    m.probe = r.get<bool>();
    for (double* v :
         {&m.learned_velocity_deg_s, &m.cerebellar_learned_deg_s, &m.nuclear_learned_deg_s,
          &m.latency_ms, &m.gain, &m.cs_rate_instr_hz, &m.cs_rate_base_hz, &m.ss_learned_hz,
          &m.ss_late_hz, &m.oscillation_p2p_deg_s})
        *v = r.get<double>();
    for (double& v : m.ss_pursuit_hz) v = r.get<double>();
    for (double& v : m.ss_fixation_hz) v = r.get<double>();
    m.cell_cs_in_instr.resize(r.count(1, "cells"));
    for (std::uint8_t& v : m.cell_cs_in_instr) v = r.get<std::uint8_t>();
    m.cell_ss_learned_hz.resize(r.count(4, "cells"));
    for (float& v : m.cell_ss_learned_hz) v = r.get<float>();
    return m;
}

std::shared_ptr<const WeightMap> get_weights(Reader& r) {
    auto m = std::make_shared<WeightMap>();
    m->trial = r.get<std::int32_t>();
    m->bins = r.get<std::int32_t>();
    m->bin_start_ms = r.get<double>();
    m->bin_ms = r.get<double>();
    m->purkinje_count = r.get<std::int32_t>();
    m->cells_per_zone = r.get<std::int32_t>();
    m->w_max = r.get<double>();
    if (!r.ok()) return nullptr;
    if (m->bins != kWeightMapBins || m->bin_start_ms != kTrialStartMs ||
        m->bin_ms != kWeightMapBinMs)
        r.fail(QStringLiteral(
                   "the weight map's bins (%1 of %2 ms) are not this version's (%3 of %4 ms)")
                   .arg(m->bins)
                   .arg(m->bin_ms)
                   .arg(kWeightMapBins)
                   .arg(kWeightMapBinMs));
    else if (m->cells_per_zone < 1 || m->cells_per_zone > 65535 ||
             m->purkinje_count != kMicrozones * m->cells_per_zone)
        r.fail(QStringLiteral("the weight map's Purkinje cells (%1, %2 per microzone) do not match "
                              "%3 microzones")
                   .arg(m->purkinje_count)
                   .arg(m->cells_per_zone)
                   .arg(kMicrozones));
    else if (!(m->w_max > 0) || !std::isfinite(m->w_max))
        r.fail(QStringLiteral("the weight map's largest weight is not a positive number"));
    const auto cells = static_cast<std::size_t>(std::max(m->purkinje_count, 0)) *
                       static_cast<std::size_t>(std::max(m->bins, 0));
    for (std::vector<float>* v : {&m->weight, &m->change}) {
        const std::size_t n = r.count(4, "weights");
        if (r.ok() && n != cells)
            r.fail(QStringLiteral("the weight map has %1 values, not %2").arg(n).arg(cells));
        v->resize(r.ok() ? n : 0);
        for (float& x : *v) x = r.get<float>();
    }
    const std::size_t n = r.count(4, "weight map bins");
    if (r.ok() && n != static_cast<std::size_t>(m->bins))
        r.fail(QStringLiteral("the weight map counts granule cells in %1 bins, not %2")
                   .arg(n)
                   .arg(m->bins));
    m->granule_cells.resize(r.ok() ? n : 0);
    for (std::uint32_t& x : m->granule_cells) x = r.get<std::uint32_t>();
    m->silent_granule_cells = r.get<std::uint32_t>();
    return m;
}

}  // namespace

QByteArray saved_run_bytes(const RunRecord& r) {
    Writer w;
    for (char c : kMagic) w.put(static_cast<std::uint8_t>(c));
    w.put(kLayout);
    w.put(static_cast<std::uint64_t>(r.trial_count));
    // Measures of every trial.
    const auto& metrics = r.metrics ? *r.metrics : std::vector<TrialMetrics>{};
    w.count(metrics.size());
    for (const TrialMetrics& m : metrics) put_metrics(w, m);
    // Marks.
    const auto& marks = r.marks ? *r.marks : std::vector<RunMark>{};
    w.count(marks.size());
    for (const RunMark& m : marks) {
        w.put(static_cast<std::uint64_t>(m.trial));
        w.put(m.t_ms);
        w.text(m.label);
    }
    // Records: trial 1 (when kept), then the last ones kept.
    std::vector<std::shared_ptr<const TrialRecord>> records;
    if (r.trials && !r.trials->empty()) {
        const auto& all = *r.trials;
        const std::size_t from =
            all.size() > kSavedRecentTrials ? all.size() - kSavedRecentTrials : 0;
        if (from > 0 && all.front()->plan.number == 1) records.push_back(all.front());
        records.insert(records.end(), all.begin() + static_cast<std::ptrdiff_t>(from), all.end());
    }
    w.count(records.size());
    for (const auto& t : records) put_record(w, *t);
    // The latest trial, when it is not the last record.
    const bool last_apart = r.last && (records.empty() || records.back() != r.last);
    w.put(last_apart);
    if (last_apart) put_record(w, *r.last);
    w.put(r.weights != nullptr);
    if (r.weights) put_weights(w, *r.weights);
    return qCompress(w.take(), 6);
}

QString read_saved_run(const QByteArray& bytes, RunRecord& out) {
    // qCompress puts the uncompressed size first (big-endian): refuse sizes no run needs
    // before anything is allocated for them.
    if (bytes.size() < 4) return QStringLiteral("the run's data is empty or truncated");
    const quint32 size = qFromBigEndian<quint32>(bytes.constData());
    if (size > kMaxSavedRunBytes)
        return QStringLiteral("the run's data would take %1 bytes, more than %2")
            .arg(size)
            .arg(kMaxSavedRunBytes);
    const QByteArray raw = qUncompress(bytes);
    if (raw.isEmpty() || raw.size() != static_cast<qsizetype>(size))
        return QStringLiteral("the run's data is broken or truncated (it does not uncompress)");
    Reader r(raw);
    for (char c : kMagic)
        if (r.get<std::uint8_t>() != static_cast<std::uint8_t>(c))
            return QStringLiteral("the run's data is not a Flocculus run");
    const auto layout = r.get<std::uint32_t>();
    if (layout != kLayout)
        return QStringLiteral("the run's data has layout %1; this version reads %2")
            .arg(layout)
            .arg(kLayout);
    const auto trial_count = r.get<std::uint64_t>();
    if (r.ok() && trial_count > 1000000) r.fail(QStringLiteral("the run has too many trials"));

    auto metrics = std::make_shared<std::vector<TrialMetrics>>();
    const std::size_t n_metrics = r.count(3 + 4 + 18 * 8 + 8, "trials' measures");
    if (r.ok() && n_metrics > trial_count)
        r.fail(QStringLiteral("%1 trials measured in a run of %2").arg(n_metrics).arg(trial_count));
    for (std::size_t i = 0; i < n_metrics && r.ok(); ++i) metrics->push_back(get_metrics(r));

    auto marks = std::make_shared<std::vector<RunMark>>();
    const std::size_t n_marks = r.count(8 + 8 + 4, "marks");
    for (std::size_t i = 0; i < n_marks && r.ok(); ++i) {
        RunMark m;
        m.trial = static_cast<std::size_t>(r.get<std::uint64_t>());
        m.t_ms = r.get<double>();
        m.label = r.text("characters");
        if (r.ok() && (m.trial < 1 || m.trial > trial_count || !std::isfinite(m.t_ms)))
            r.fail(QStringLiteral("a mark at trial %1 is outside the run").arg(m.trial));
        marks->push_back(std::move(m));
    }

    auto trials = std::make_shared<std::vector<std::shared_ptr<const TrialRecord>>>();
    const std::size_t n_records = r.count(29, "trial records");
    if (r.ok() && n_records > kSavedRecentTrials + 1)
        r.fail(QStringLiteral("%1 trial records, more than the %2 saved")
                   .arg(n_records)
                   .arg(kSavedRecentTrials + 1));
    for (std::size_t i = 0; i < n_records && r.ok(); ++i) trials->push_back(get_record(r));
    std::shared_ptr<const TrialRecord> last = trials->empty() ? nullptr : trials->back();
    if (r.get<bool>()) last = get_record(r);
    std::shared_ptr<const WeightMap> weights;
    if (r.get<bool>()) weights = get_weights(r);
    if (!r.ok()) return r.error();
    if (r.left() != 0) return QStringLiteral("%1 bytes after the run's data").arg(r.left());

    out.trial_count = static_cast<std::size_t>(trial_count);
    out.metrics = std::move(metrics);
    out.marks = std::move(marks);
    out.trials = std::move(trials);
    out.last = std::move(last);
    out.weights = std::move(weights);
    return {};
}

}  // namespace flocculus::ui
