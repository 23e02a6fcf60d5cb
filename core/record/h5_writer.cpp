// SPDX-License-Identifier: GPL-3.0-or-later
#include "record/h5_writer.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <limits>
#include <system_error>
#include <vector>

#include "circuit/purkinje.hpp"

#ifdef FLOCCULUS_HAVE_HDF5
#include <hdf5.h>
#endif

namespace flocculus {

#ifndef FLOCCULUS_HAVE_HDF5

bool hdf5_available() {
    return false;
}

std::string write_recording_h5(const std::filesystem::path&, const nlohmann::ordered_json&,
                               const RunTables&) {
    return "this build has no HDF5 support (install libhdf5-dev and rebuild)";
}

#else

namespace {

// Closes an HDF5 handle when it goes out of scope.
class Handle {
  public:
    Handle(hid_t id, herr_t (*close)(hid_t)) : id_(id), close_(close) {}
    ~Handle() {
        if (id_ >= 0) close_(id_);
    }
    Handle(Handle&& o) noexcept : id_(o.id_), close_(o.close_) { o.id_ = -1; }
    Handle(const Handle&) = delete;
    Handle& operator=(const Handle&) = delete;
    Handle& operator=(Handle&&) = delete;
    operator hid_t() const { return id_; }
    bool ok() const { return id_ >= 0; }

  private:
    hid_t id_;
    herr_t (*close_)(hid_t);
};

struct Failed {};

void check(herr_t status) {
    if (status < 0) throw Failed{};
}

template <typename T>
hid_t native_type();
template <>
hid_t native_type<double>() {
    return H5T_NATIVE_DOUBLE;
}
template <>
hid_t native_type<float>() {
    return H5T_NATIVE_FLOAT;
}
template <>
hid_t native_type<std::int32_t>() {
    return H5T_NATIVE_INT32;
}
template <>
hid_t native_type<std::uint64_t>() {
    return H5T_NATIVE_UINT64;
}
template <>
hid_t native_type<std::uint8_t>() {
    return H5T_NATIVE_UINT8;
}

Handle string_type() {
    Handle t(H5Tcopy(H5T_C_S1), H5Tclose);
    if (!t.ok()) throw Failed{};
    check(H5Tset_size(t, H5T_VARIABLE));
    check(H5Tset_cset(t, H5T_CSET_UTF8));
    return t;
}

// A one-dimensional dataset, chunked and compressed, of `n` elements of `type`.
Handle create_column(hid_t group, const char* name, hid_t type, std::size_t n) {
    const hsize_t dims[1] = {n};
    const hsize_t maxdims[1] = {H5S_UNLIMITED};
    Handle space(H5Screate_simple(1, dims, maxdims), H5Sclose);
    Handle props(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
    if (!space.ok() || !props.ok()) throw Failed{};
    const hsize_t chunk[1] = {std::clamp<hsize_t>(n, 1, 65536)};
    check(H5Pset_chunk(props, 1, chunk));
    check(H5Pset_shuffle(props));
    check(H5Pset_deflate(props, 4));
    Handle set(H5Dcreate2(group, name, type, space, H5P_DEFAULT, props, H5P_DEFAULT), H5Dclose);
    if (!set.ok()) throw Failed{};
    return set;
}

template <typename T>
void write_column(hid_t group, const char* name, const std::vector<T>& values) {
    Handle set = create_column(group, name, native_type<T>(), values.size());
    if (!values.empty())
        check(H5Dwrite(set, native_type<T>(), H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()));
}

void write_column(hid_t group, const char* name, const std::vector<std::string>& values) {
    Handle type = string_type();
    Handle set = create_column(group, name, type, values.size());
    std::vector<const char*> ptrs;
    ptrs.reserve(values.size());
    for (const auto& s : values) ptrs.push_back(s.c_str());
    if (!values.empty()) check(H5Dwrite(set, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, ptrs.data()));
}

void attribute(hid_t object, const char* name, hid_t type, const void* value) {
    Handle space(H5Screate(H5S_SCALAR), H5Sclose);
    Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) throw Failed{};
    check(H5Awrite(attr, type, value));
}

void attribute(hid_t object, const char* name, const std::vector<std::string>& values) {
    Handle type = string_type();
    const hsize_t dims[1] = {values.size()};
    Handle space(H5Screate_simple(1, dims, nullptr), H5Sclose);
    Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), H5Aclose);
    if (!attr.ok()) throw Failed{};
    std::vector<const char*> ptrs;
    for (const auto& s : values) ptrs.push_back(s.c_str());
    if (!values.empty()) check(H5Awrite(attr, type, ptrs.data()));
}

// One JSON value as an attribute: text, whole number, real number (null as NaN), a list of
// text; an object becomes one attribute per key, named NAME.KEY.
void json_attribute(hid_t object, const std::string& name, const nlohmann::ordered_json& v) {
    if (v.is_string()) {
        Handle type = string_type();
        const std::string s = v.get<std::string>();
        const char* p = s.c_str();
        attribute(object, name.c_str(), type, &p);
    } else if (v.is_number_integer()) {
        const std::int64_t x = v.get<std::int64_t>();
        attribute(object, name.c_str(), H5T_NATIVE_INT64, &x);
    } else if (v.is_number() || v.is_null()) {
        const double x = v.is_null() ? std::numeric_limits<double>::quiet_NaN() : v.get<double>();
        attribute(object, name.c_str(), H5T_NATIVE_DOUBLE, &x);
    } else if (v.is_object()) {
        for (const auto& [k, x] : v.items()) json_attribute(object, name + "." + k, x);
    } else if (v.is_array()) {
        std::vector<std::string> items;
        for (const auto& e : v) items.push_back(e.is_string() ? e.get<std::string>() : e.dump());
        attribute(object, name.c_str(), items);
    }
}

Handle group(hid_t parent, const char* name, const std::vector<std::string>& colnames) {
    Handle g(H5Gcreate2(parent, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose);
    if (!g.ok()) throw Failed{};
    attribute(g, "colnames", colnames);
    return g;
}

void write_file(hid_t file, const nlohmann::ordered_json& summary, const RunTables& t) {
    const std::string format = "flocculus-recording";
    {
        Handle type = string_type();
        const char* p = format.c_str();
        attribute(file, "format", type, &p);
        const std::int32_t version = kRecordingFormatVersion;
        attribute(file, "format_version", H5T_NATIVE_INT32, &version);
    }
    for (const auto& [key, value] : summary.items()) {
        if (key == "parameters") {
            Handle g(H5Gcreate2(file, "parameters", H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                     H5Gclose);
            if (!g.ok()) throw Failed{};
            for (const auto& [name, v] : value.items()) json_attribute(g, name, v);
        } else {
            json_attribute(file, key, value);
        }
    }

    {
        std::vector<std::string> cols = {"trial", "phase", "instructed"};
        for (const auto& [name, member] : kTrialMeasureColumns) cols.emplace_back(name);
        Handle g = group(file, "trials", cols);
        write_column(g, "trial", t.trials.trial);
        write_column(g, "phase", t.trials.phase);
        write_column(g, "instructed", t.trials.instructed);
        for (const auto& [name, member] : kTrialMeasureColumns)
            write_column(g, name, t.trials.*member);
    }

    {
        // Spikes grouped by cell (zone-major), in trial and time order within a cell.
        // The recorded zones in order (the floccular ones, then the eyeblink zone), and each
        // microzone's place among them.
        const int cells = t.recorded_cells_per_zone;
        std::vector<int> zones;
        if (t.floccular_zones)
            for (int z = 0; z < kZoneCount; ++z) zones.push_back(z);
        if (t.eyeblink_zone) zones.push_back(kEyeblinkMicrozone);
        std::vector<std::size_t> place(kEyeblinkMicrozone + 1, 0);
        for (std::size_t k = 0; k < zones.size(); ++k) place[static_cast<std::size_t>(zones[k])] = k;
        const std::size_t units = zones.size() * static_cast<std::size_t>(cells);
        auto unit_of = [&](std::size_t i) {
            return place[t.spikes.microzone[i]] * static_cast<std::size_t>(cells) + t.spikes.cell[i];
        };
        std::vector<std::uint64_t> end(units, 0);
        for (std::size_t i = 0; i < t.spikes.t_ms.size(); ++i) ++end[unit_of(i)];
        std::vector<std::uint64_t> next(units, 0);
        for (std::size_t u = 1; u < units; ++u) end[u] += end[u - 1];
        for (std::size_t u = 1; u < units; ++u) next[u] = end[u - 1];
        const std::size_t n = t.spikes.t_ms.size();
        std::vector<float> times(n);
        std::vector<std::int32_t> trial(n);
        std::vector<std::uint8_t> kind(n);
        for (std::size_t i = 0; i < n; ++i) {
            const std::size_t k = next[unit_of(i)]++;
            times[k] = t.spikes.t_ms[i];
            trial[k] = t.spikes.trial[i];
            kind[k] = t.spikes.kind[i];
        }
        std::vector<std::int32_t> zone_index, cell;
        std::vector<std::string> zone;
        for (const int z : zones)
            for (int c = 0; c < cells; ++c) {
                zone_index.push_back(z);
                zone.emplace_back(z == kEyeblinkMicrozone ? kEyeblinkZoneName : kZoneNames[z]);
                cell.push_back(c);
            }
        Handle g =
            group(file, "units",
                  {"microzone", "zone", "cell", "spike_times_ms", "spike_trial", "spike_kind"});
        write_column(g, "microzone", zone_index);
        write_column(g, "zone", zone);
        write_column(g, "cell", cell);
        write_column(g, "spike_times_index", end);
        write_column(g, "spike_times_ms", times);
        write_column(g, "spike_trial", trial);
        write_column(g, "spike_kind", kind);
        Handle set(H5Dopen2(g, "spike_kind", H5P_DEFAULT), H5Dclose);
        attribute(set, "labels", std::vector<std::string>{"ss", "cs"});
    }

    {
        Handle g =
            group(file, "traces", {"trial", "t_ms", "target_vx", "target_vy", "eye_vx", "eye_vy"});
        write_column(g, "trial", t.traces.trial);
        write_column(g, "t_ms", t.traces.t_ms);
        write_column(g, "target_vx", t.traces.target_vx);
        write_column(g, "target_vy", t.traces.target_vy);
        write_column(g, "eye_vx", t.traces.eye_vx);
        write_column(g, "eye_vy", t.traces.eye_vy);
    }
}

}  // namespace

bool hdf5_available() {
    return true;
}

std::string write_recording_h5(const std::filesystem::path& file,
                               const nlohmann::ordered_json& summary, const RunTables& tables) {
    // No HDF5 error stack on stderr: a failure is reported as one line below.
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    bool ok = true;
    {
        Handle f(H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT), H5Fclose);
        if (!f.ok()) return "cannot create " + file.string();
        try {
            write_file(f, summary, tables);
            ok = H5Fflush(f, H5F_SCOPE_GLOBAL) >= 0;
        } catch (const Failed&) {
            ok = false;
        }
    }
    if (!ok) {
        std::error_code ec;
        std::filesystem::remove(file, ec);
        return "cannot write " + file.string();
    }
    return {};
}

#endif

}  // namespace flocculus
