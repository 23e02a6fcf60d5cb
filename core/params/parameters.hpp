// SPDX-License-Identifier: GPL-3.0-or-later
// The model's parameters: constant while the simulation steps, changed only between
// steps (by the runner) or at reset. Defaults, units, ranges and meanings live in one
// place, the registry (registry.cpp); this struct only holds the resolved values.
#pragma once

namespace flocculus {

// Direction of the orthogonal instruction relative to the pursuit direction.
enum class InstructionDirection : int { Up = 0, Down = 1 };

struct Parameters {
    // --- simulation -------------------------------------------------------------
    double sim_dt_ms = 0;  // integration step

    // --- task (target motion) ---------------------------------------------------
    double task_speed_deg_s = 0;                 // step-ramp target speed
    double task_direction_deg = 0;               // 0 = rightward, 90 = upward
    double task_iti_ms = 0;                      // fixation between trials
    double task_instruction_onset_ms = 0;        // after motion onset
    double task_instruction_speed_deg_s = 0;     // orthogonal instruction speed
    int task_instruction_direction = 0;          // InstructionDirection
    double task_instruction_duration_ms = 0;
    int task_probe_every = 0;                    // probe (uninstructed) trial period, 0 = none
    int task_acquire_trials = 0;
    int task_washout_trials = 0;
    int task_baseline_trials = 0;                // uninstructed trials before learning starts
    int task_single_trial_index = 0;             // 1-based trial number of the single instruction
    double task_sine_freq_hz = 0;
    double task_sine_amplitude_deg = 0;
    int task_sessions = 0;                       // consolidation: training sessions
    double task_rest_s = 0;                      // simulated rest between sessions
    double task_final_rest_s = 0;                // simulated rest before the retention trials
    int task_retention_trials = 0;               // uninstructed trials after the final rest
    double task_rest_plasticity_scale = 0;       // learning rates during rest (compressed time)
    double task_head_freq_hz = 0;                // VOR: head rotation frequency in training
    double task_head_velocity_deg_s = 0;         // VOR: peak head velocity
    double task_lens_gain = 0;                   // VOR: magnification of the spectacles
    double task_test_freq_hz = 0;                // VOR: dark probe frequency, 0 = training's
    int task_vor_light = 0;                      // VOR: training trials in the light (0) or dark (1)

    // --- eye: visual pathway, brainstem, plant ------------------------------------
    double eye_visual_delay_ms = 0;     // retina -> pursuit system delay of retinal slip
    double eye_internal_delay_ms = 0;   // the brain's estimate of that delay (efference copy)
    double eye_visual_tau_ms = 0;       // time constant of each of two visual motion filters
    double eye_plant_tau_ms = 0;        // oculomotor plant, first-order lag
    double eye_brainstem_gain = 0;      // gain of the brainstem's target-velocity estimate
    double eye_max_velocity_deg_s = 0;  // saturation of the eye-velocity command
    double eye_vestibular_gain = 0;     // direct vestibular -> brainstem (VOR) pathway

    // --- network sizes (structural: applied on reset) -----------------------------
    int network_granule_cells = 0;
    int network_purkinje_per_microzone = 0;
    double network_pf_pc_connectivity = 0;  // fraction of PF->PC pairs that exist

    // --- mossy fibres ---------------------------------------------------------------
    int mf_count = 0;
    double mf_context_fraction = 0;    // time/context fibres
    double mf_direction_fraction = 0;  // direction-tuned target-motion / eye-velocity fibres
    double mf_background_rate_hz = 0;
    double mf_context_peak_rate_hz = 0;
    double mf_context_width_ms = 0;
    double mf_direction_gain_hz_per_deg_s = 0;
    double mf_vestibular_gain_hz_per_deg_s = 0;  // head-velocity modulation of vestibular fibres

    // --- granule layer and Golgi cells --------------------------------------------------
    int gc_mf_inputs = 0;
    double gc_tau_ms = 0;
    double gc_mf_weight = 0;            // depolarisation per mossy spike (threshold = 1)
    double gc_refractory_ms = 0;
    int golgi_count = 0;
    double golgi_target_activity = 0;   // fraction of granule cells firing per 10 ms
    double golgi_feedback_gain = 0;     // threshold raise at target activity
    double golgi_tau_ms = 0;            // Golgi integration of granule activity
    double golgi_adapt_tau_ms = 0;      // slow homeostasis of Golgi inhibition

    // --- Purkinje cells and molecular-layer interneurons ---------------------------------
    double pc_baseline_rate_hz = 0;
    double pc_tau_ms = 0;
    double pc_refractory_ms = 0;
    double pc_cs_pause_ms = 0;
    double pc_pf_gain = 0;
    double pc_syn_tau_ms = 0;
    double pc_noise = 0;
    double mli_gain = 0;                // feedforward inhibition, 1 = balances initial PF drive
    double mli_gaze_tuning = 0;         // the inhibition's tuning to the fibres' direction

    // --- PF->PC plasticity ----------------------------------------------------------------
    double pf_w_max = 0;
    double pf_w_init = 0;
    double pf_ltd_rate = 0;
    double pf_ltp_rate = 0;
    double pf_ltd_kernel_peak_ms = 0;
    double pf_ltd_kernel_sharpness = 0;  // exponent of the LTD kernel (timing precision)
    double pf_gaze_tuning = 0;          // initial weights' tuning to the fibres' direction
    double pf_weight_dependence = 0;    // 0 = hard bounds, 1 = changes scale with the weight

    // --- inferior olive ----------------------------------------------------------------------
    double io_baseline_rate_hz = 0;
    double io_slip_gain = 0;            // Hz per deg/s of delayed slip along the zone
    double io_opposite_slip_gain = 0;   // Hz per deg/s of slip against the zone (suppression)
    double io_gaze_gain = 0;            // Hz per deg/s of gaze velocity along the zone (prepositus)
    double io_refractory_ms = 0;
    double io_max_rate_hz = 0;
    double io_nucleo_olivary_gain = 0;  // Hz of olive inhibition per Hz of nuclear output
    double io_nucleo_olivary_learned_fraction = 0;  // of the learned mossy drive, seen by them
    double io_nucleo_olivary_adapt_ms = 0;  // the olive's adaptation to sustained inhibition (0 = none)
    double io_nucleo_olivary_sources = 0;  // 0 = every mossy input's learned drive, 1 = context fibres'
    double io_nucleo_olivary_delay_ms = 0;  // from nucleo-olivary firing to olive inhibition
    double io_nucleo_olivary_tau_ms = 0;    // integration of that inhibition (0: none)

    // --- deep cerebellar nuclei --------------------------------------------------------------
    int dcn_cells_per_microzone = 0;
    double dcn_baseline_rate_hz = 0;
    double dcn_pc_gain = 0;             // Hz of nuclear rate per Hz of Purkinje rate
    double dcn_output_gain = 0;         // deg/s of eye velocity per Hz above baseline
    double dcn_tau_ms = 0;
    int dcn_mf_inputs = 0;
    double dcn_mf_weight_init = 0;
    double dcn_w_max = 0;
    double dcn_ltp_rate = 0;
    double dcn_ltd_rate = 0;
    double dcn_pause_reference_ms = 0;  // time constant of the Purkinje rate a pause is judged by
    int dcn_rule = 0;                   // 0 pause (vs the slow average), 1 threshold (fixed rates)
    double dcn_ltp_threshold_hz = 0;
    double dcn_ltd_threshold_hz = 0;
    double dcn_expression_threshold_hz = 0;  // 0: learned mossy drive always expressed
    double dcn_expression_width_hz = 0;
    double dcn_labile_tau_s = 0;         // 0: no labile phase
    double dcn_labile_max = 0;           // largest unconsolidated change a synapse holds
    double dcn_consolidation_per_s = 0;
    double dcn_resource_recovery_s = 0;
    double dcn_resource_use = 0;         // resource per unit of weight consolidated

    // --- eyeblink conditioning (task, eyeblink zone, eyelid) ---------------------------------
    double task_isi_ms = 0;              // CS onset to US (the puff)
    double task_cr_threshold = 0;        // eyelid closure that counts as a conditioned response
    double task_cs_rate_hz = 0;          // firing of the tone's mossy fibres while it is on
    double task_us_strength = 0;         // probability a climbing fibre fires to the puff
    int task_extinction_trials = 0;      // CS-alone trials (eyeblink-extinction)
    double task_probe_cs_extension_ms = 0;  // CS-alone probes: the tone lasts this past the US time
    int eb_mossy_fibres = 0;
    double eb_cs_fraction = 0;           // of the zone's mossy fibres, those the tone drives
    double eb_mf_background_hz = 0;
    int eb_granule_cells = 0;
    int eb_golgi_cells = 0;
    int eb_gc_golgi_inputs = 0;          // Golgi cells inhibiting one granule cell
    int eb_golgi_gc_inputs = 0;          // granule cells exciting one Golgi cell
    double eb_gc_threshold = 0;          // granule firing threshold (in mossy-drive units)
    double eb_gc_max_rate_hz = 0;
    double eb_golgi_gain = 0;            // inhibition of a granule cell per unit Golgi activity
    double eb_golgi_mf_weight = 0;       // mossy excitation of Golgi cells
    double eb_golgi_tau_min_ms = 0;      // Golgi time constants, log-uniform between these
    double eb_golgi_tau_max_ms = 0;
    int eb_purkinje_cells = 0;
    double eb_pc_gain_hz = 0;            // SS rate change per relative change of PF drive
    double eb_ltd_rate = 0;
    double eb_ltp_rate = 0;
    double eb_ltd_kernel_peak_ms = 0;
    double eb_nucleo_olivary_gain = 0;   // fraction of olive drive removed per Hz of output
    int eb_dcn_mf_inputs = 0;
    double eb_dcn_ltp_rate = 0;          // as dcn_ltp_rate (NuclearSynapses::learn)
    double eb_dcn_ltd_rate = 0;
    double eyelid_tau_ms = 0;
    double eyelid_gain_per_hz = 0;       // closure per Hz of nuclear output above baseline
    double eyelid_ur_amplitude = 0;      // peak closure of the unconditioned blink
    double eyelid_ur_tau_ms = 0;
    double eyelid_adapt_tau_ms = 0;      // slow adaptation of the eyelid pathway to tonic drive

    // --- recording ---------------------------------------------------------------------------
    int record_purkinje = 0;            // cells per microzone whose spikes are written
};

InstructionDirection instruction_direction(const Parameters& p);

}  // namespace flocculus
