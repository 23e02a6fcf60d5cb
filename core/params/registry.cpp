// SPDX-License-Identifier: GPL-3.0-or-later
#include "params/registry.hpp"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>

namespace flocculus {
namespace {

constexpr std::array<std::string_view, 2> kInstructionChoices{"up", "down"};
constexpr std::array<std::string_view, 2> kVorLightChoices{"light", "dark"};
constexpr std::array<std::string_view, 2> kDcnRuleChoices{"pause", "threshold"};
constexpr std::array<std::string_view, 2> kNucleoOlivarySources{"all", "context"};

using P = Parameters;
constexpr ParamKind R = ParamKind::Real;
constexpr ParamKind I = ParamKind::Integer;

// name, unit, default, min, max, meaning, kind, structural, field
const std::vector<ParamSpec>& table() {
    static const std::vector<ParamSpec> specs = {
        // simulation
        {"sim.dt_ms", "ms", 1.0, 0.1, 1.0,
         "Integration time step of the whole circuit and eye", R, true, &P::sim_dt_ms},

        // task
        {"task.speed_deg_s", "deg/s", 20.0, 0.0, 60.0,
         "Speed of the step-ramp target after motion onset", R, false, &P::task_speed_deg_s},
        {"task.direction_deg", "deg", 0.0, 0.0, 360.0,
         "Direction of target motion (0 = rightward, 90 = upward)", R, false,
         &P::task_direction_deg},
        {"task.iti_ms", "ms", 500.0, 0.0, 5000.0,
         "Fixation between trials, during which the circuit keeps running", R, false,
         &P::task_iti_ms},
        {"task.instruction_onset_ms", "ms", 250.0, 0.0, 800.0,
         "Time after motion onset at which the orthogonal instruction starts", R, false,
         &P::task_instruction_onset_ms},
        {"task.instruction_speed_deg_s", "deg/s", 30.0, 0.0, 60.0,
         "Speed of the instructive target motion added orthogonally (the error to learn)",
         R, false, &P::task_instruction_speed_deg_s},
        {"task.instruction_direction", "", 0.0, 0.0, 1.0,
         "Side of the pursuit direction the instruction moves the target to", ParamKind::Choice,
         false, &P::task_instruction_direction, kInstructionChoices},
        {"task.instruction_duration_ms", "ms", 400.0, 0.0, 900.0,
         "How long the instructive orthogonal motion lasts", R, false,
         &P::task_instruction_duration_ms},
        {"task.probe_every", "trials", 0.0, 0.0, 1000.0,
         "Every Nth learning trial is an uninstructed probe (0 = no probes)", I, false,
         &P::task_probe_every},
        {"task.baseline_trials", "trials", 0.0, 0.0, 1000.0,
         "Uninstructed trials before learning begins (learning protocols)", I, false,
         &P::task_baseline_trials},
        {"task.acquire_trials", "trials", 100.0, 1.0, 2000.0,
         "Instructed trials in each acquisition phase (washout, savings)", I, false,
         &P::task_acquire_trials},
        {"task.washout_trials", "trials", 100.0, 1.0, 2000.0,
         "Uninstructed trials that wash the learned response out (washout, savings)", I,
         false, &P::task_washout_trials},
        {"task.single_trial_index", "trial", 10.0, 1.0, 10000.0,
         "Number of the one instructed trial in the single-trial protocol", I, false,
         &P::task_single_trial_index},
        {"task.sine_freq_hz", "Hz", 0.5, 0.05, 2.0,
         "Frequency of sinusoidal target motion (sine-pursuit)", R, false, &P::task_sine_freq_hz},
        {"task.sine_amplitude_deg", "deg", 10.0, 0.0, 30.0,
         "Position amplitude of sinusoidal target motion (sine-pursuit)", R, false,
         &P::task_sine_amplitude_deg},
        {"task.sessions", "sessions", 4.0, 1.0, 50.0,
         "Training sessions of task.acquire_trials, each ended by a shutdown probe (consolidation)",
         I, false, &P::task_sessions},
        {"task.rest_s", "s", 60.0, 0.0, 86400.0,
         "Rest between sessions: fixation with spontaneous activity, no instruction (consolidation)",
         R, false, &P::task_rest_s},
        {"task.final_rest_s", "s", 120.0, 0.0, 86400.0,
         "Rest after the last session, before the retention trials (consolidation)", R, false,
         &P::task_final_rest_s},
        {"task.retention_trials", "trials", 10.0, 1.0, 1000.0,
         "Uninstructed trials after the final rest that measure what was retained", I, false,
         &P::task_retention_trials},
        {"task.rest_plasticity_scale", "", 1.0, 1.0, 100.0,
         "Learning rates during rest as a multiple of their values (1 = rest in real time; K: "
         "one simulated second of rest stands for K)",
         R, false, &P::task_rest_plasticity_scale},
        {"task.head_freq_hz", "Hz", 0.5, 0.1, 10.0,
         "Frequency of the sinusoidal head rotation in training (VOR)", R, false,
         &P::task_head_freq_hz},
        {"task.head_velocity_deg_s", "deg/s", 40.0, 1.0, 150.0,
         "Peak velocity of the sinusoidal head rotation (VOR)", R, false,
         &P::task_head_velocity_deg_s},
        {"task.lens_gain", "", 2.0, 0.1, 10.0,
         "Power of the spectacles worn in the light (VOR): 2 or 0.5 give x2 magnifying lenses "
         "in vor-gain-up and x0.5 reducing ones in vor-gain-down",
         R, false, &P::task_lens_gain},
        {"task.test_freq_hz", "Hz", 0.0, 0.0, 10.0,
         "Head rotation frequency of the dark probe trials that measure VOR gain (0 = the "
         "training frequency)",
         R, false, &P::task_test_freq_hz},
        {"task.vor_light", "", 0.0, 0.0, 1.0,
         "Whether the VOR training trials are in the light (the world seen through the "
         "spectacles) or in the dark (nothing seen: no retinal slip, no visual input)",
         ParamKind::Choice, false, &P::task_vor_light, kVorLightChoices},
        {"task.isi_ms", "ms", 250.0, 100.0, 1000.0,
         "Interval from tone (CS) onset to the air puff (US) in eyeblink conditioning", R, false,
         &P::task_isi_ms},
        {"task.cr_threshold", "", 0.1, 0.0, 1.0,
         "Eyelid closure (0 open, 1 shut) above which a movement before the puff is a conditioned response",
         R, false, &P::task_cr_threshold},
        {"task.cs_rate_hz", "Hz", 100.0, 0.0, 300.0,
         "Firing of the tone's mossy fibres while the tone is on (CS strength)", R, false,
         &P::task_cs_rate_hz},
        {"task.us_strength", "", 1.0, 0.0, 1.0,
         "Probability that a climbing fibre of the eyeblink zone fires to the puff (US strength)",
         R, false, &P::task_us_strength},
        {"task.extinction_trials", "trials", 100.0, 1.0, 2000.0,
         "Tone-alone trials that extinguish the conditioned response (eyeblink-extinction)", I,
         false, &P::task_extinction_trials},
        {"task.probe_cs_extension_ms", "ms", 200.0, 0.0, 400.0,
         "On tone-alone probes the tone lasts this long past the puff's time, to show the CR's peak",
         R, false, &P::task_probe_cs_extension_ms},

        // eye
        {"eye.visual_delay_ms", "ms", 80.0, 0.0, 400.0,
         "Delay with which retinal slip reaches the pursuit system (retina, LGN, MT/MST)", R,
         false, &P::eye_visual_delay_ms},
        {"eye.internal_delay_ms", "ms", 80.0, 0.0, 400.0,
         "The brain's estimate of its visual delay, used to time the efference copy", R, false,
         &P::eye_internal_delay_ms},
        {"eye.visual_tau_ms", "ms", 25.0, 1.0, 100.0,
         "Time constant of each of two stages of visual motion processing", R, false,
         &P::eye_visual_tau_ms},
        {"eye.plant_tau_ms", "ms", 15.0, 1.0, 100.0,
         "Time constant of the oculomotor plant (eye muscles and orbit)", R, false,
         &P::eye_plant_tau_ms},
        {"eye.brainstem_gain", "", 0.93, 0.0, 1.2,
         "Gain of the brainstem pursuit pathway's estimate of target velocity", R, false,
         &P::eye_brainstem_gain},
        {"eye.max_velocity_deg_s", "deg/s", 80.0, 10.0, 200.0,
         "Saturation of the eye-velocity command (fastest pursuit the brainstem can drive)", R,
         false, &P::eye_max_velocity_deg_s},
        {"eye.vestibular_gain", "", 1.0, 0.0, 2.0,
         "Gain of the direct vestibular pathway to the eye muscles' motor neurons (the VOR's "
         "three-neuron arc), eye velocity per head velocity",
         R, false, &P::eye_vestibular_gain},

        // network sizes
        {"network.granule_cells", "cells", 100000, 1000, 2000000,
         "Granule cells, each sending one parallel fibre through the molecular layer", I, true,
         &P::network_granule_cells},
        {"network.purkinje_per_microzone", "cells", 16, 1, 64,
         "Purkinje cells in each of the four direction microzones (right, left, up, down)", I,
         true, &P::network_purkinje_per_microzone},
        {"network.pf_pc_connectivity", "", 1.0, 0.05, 1.0,
         "Fraction of parallel fibres that contact each Purkinje cell", R, true,
         &P::network_pf_pc_connectivity},

        // mossy fibres
        {"mf.count", "fibres", 2000, 100, 20000,
         "Mossy fibres bringing context, target motion and eye-velocity signals", I, true,
         &P::mf_count},
        {"mf.context_fraction", "", 0.5, 0.0, 1.0,
         "Fraction of mossy fibres that signal time within the trial (phasic, tonic, ramping)",
         R, true, &P::mf_context_fraction},
        {"mf.direction_fraction", "", 0.3, 0.0, 1.0,
         "Fraction of mossy fibres tuned to the direction of target motion or eye velocity", R,
         true, &P::mf_direction_fraction},
        {"mf.background_rate_hz", "Hz", 10.0, 0.0, 100.0,
         "Spontaneous firing of mossy fibres", R, false, &P::mf_background_rate_hz},
        {"mf.context_peak_rate_hz", "Hz", 150.0, 0.0, 500.0,
         "Peak firing of a time/context mossy fibre during its response", R, false,
         &P::mf_context_peak_rate_hz},
        {"mf.context_width_ms", "ms", 40.0, 5.0, 200.0,
         "Typical duration (s.d.) of a phasic context response", R, false,
         &P::mf_context_width_ms},
        {"mf.direction_gain_hz_per_deg_s", "Hz/(deg/s)", 2.0, 0.0, 20.0,
         "Firing added per deg/s of motion along a direction fibre's preferred direction", R,
         false, &P::mf_direction_gain_hz_per_deg_s},
        {"mf.vestibular_gain_hz_per_deg_s", "Hz/(deg/s)", 2.0, 0.0, 20.0,
         "Firing added per deg/s of head rotation along a vestibular fibre's preferred direction "
         "(the background fibres carry the semicircular canals' signal)",
         R, false, &P::mf_vestibular_gain_hz_per_deg_s},

        // granule layer
        {"gc.mf_inputs", "fibres", 4, 1, 8,
         "Mossy fibres (dendritic claws) converging on one granule cell", I, true,
         &P::gc_mf_inputs},
        {"gc.tau_ms", "ms", 10.0, 1.0, 50.0,
         "Membrane time constant of granule cells", R, false, &P::gc_tau_ms},
        {"gc.mf_weight", "", 0.6, 0.0, 2.0,
         "Depolarisation by one mossy spike, as a fraction of the firing threshold", R, false,
         &P::gc_mf_weight},
        {"gc.refractory_ms", "ms", 2.0, 1.0, 20.0,
         "Refractory period of granule cells", R, false, &P::gc_refractory_ms},
        {"golgi.count", "cells", 100, 1, 10000,
         "Golgi cells, each pooling and inhibiting the granule cells of its region", I, true,
         &P::golgi_count},
        {"golgi.target_activity", "", 0.02, 0.001, 0.5,
         "Fraction of granule cells firing in any 10 ms that Golgi inhibition holds to", R,
         false, &P::golgi_target_activity},
        {"golgi.feedback_gain", "", 0.5, 0.0, 5.0,
         "Rise of granule threshold per unit of regional activity at target (fast feedback)",
         R, false, &P::golgi_feedback_gain},
        {"golgi.tau_ms", "ms", 10.0, 1.0, 200.0,
         "Time over which a Golgi cell integrates granule activity", R, false, &P::golgi_tau_ms},
        {"golgi.adapt_tau_ms", "ms", 2000.0, 10.0, 100000.0,
         "Time constant of the slow homeostatic part of Golgi inhibition", R, false,
         &P::golgi_adapt_tau_ms},

        // Purkinje cells and interneurons
        {"pc.baseline_rate_hz", "Hz", 70.0, 10.0, 150.0,
         "Simple-spike rate that the Purkinje cell's intrinsic pacemaking gives at rest", R,
         false, &P::pc_baseline_rate_hz},
        {"pc.tau_ms", "ms", 10.0, 2.0, 50.0,
         "Membrane time constant of Purkinje cells", R, false, &P::pc_tau_ms},
        {"pc.refractory_ms", "ms", 2.0, 0.5, 10.0,
         "Refractory period after a simple spike", R, false, &P::pc_refractory_ms},
        {"pc.cs_pause_ms", "ms", 15.0, 0.0, 100.0,
         "Pause in simple spiking that follows a complex spike", R, false, &P::pc_cs_pause_ms},
        {"pc.pf_gain", "", 1.0, 0.0, 5.0,
         "Strength of parallel-fibre excitation of Purkinje cells", R, false, &P::pc_pf_gain},
        {"pc.syn_tau_ms", "ms", 5.0, 1.0, 50.0,
         "Decay of parallel-fibre synaptic current in Purkinje cells", R, false,
         &P::pc_syn_tau_ms},
        {"pc.noise", "", 0.05, 0.0, 1.0,
         "Random fluctuation of Purkinje membrane current (irregularity of simple spikes)", R,
         false, &P::pc_noise},
        {"mli.gain", "", 1.0, 0.0, 3.0,
         "Feedforward inhibition by stellate/basket cells (1 = balances PF excitation at initial weights)",
         R, false, &P::mli_gain},
        {"mli.gaze_tuning", "", 0.0, 0.0, 3.0,
         "Gaze-velocity tuning of the stellate/basket inhibition: how much more (less) a zone's "
         "Purkinje cells are inhibited by fibres signalling target motion in (against) its "
         "direction (synapses that do not learn)",
         R, false, &P::mli_gaze_tuning},

        // PF->PC plasticity
        {"pf.w_max", "", 1.0, 0.01, 10.0,
         "Upper bound of parallel fibre to Purkinje cell synaptic weights", R, true,
         &P::pf_w_max},
        {"pf.w_init", "", 0.5, 0.0, 10.0,
         "Initial parallel fibre to Purkinje cell weight", R, true, &P::pf_w_init},
        {"pf.ltd_rate", "", 0.002, 0.0, 1.0,
         "Long-term depression of a parallel-fibre synapse per complex spike per unit eligibility",
         R, false, &P::pf_ltd_rate},
        {"pf.ltp_rate", "", 0.002, 0.0, 1.0,
         "Long-term potentiation of a parallel-fibre synapse per parallel-fibre spike", R, false,
         &P::pf_ltp_rate},
        {"pf.ltd_kernel_peak_ms", "ms", 100.0, 20.0, 300.0,
         "Delay between parallel-fibre activity and complex spike at which LTD is strongest",
         R, false, &P::pf_ltd_kernel_peak_ms},
        {"pf.ltd_kernel_sharpness", "", 4.0, 0.5, 8.0,
         "How tightly LTD depends on the parallel fibre firing at the kernel's delay before the "
         "complex spike (lower: looser timing)",
         R, false, &P::pf_ltd_kernel_sharpness},
        {"pf.gaze_tuning", "", 0.0, 0.0, 3.0,
         "Gaze-velocity tuning of the adult cortex: how much weaker (stronger) a zone's synapses "
         "are from fibres signalling target motion in (against) its direction",
         R, true, &P::pf_gaze_tuning},
        {"pf.weight_dependence", "", 0.0, 0.0, 1.0,
         "How much each change scales with the synapse's weight: 0 = every LTD or LTP step the "
         "same size, 1 = LTD in proportion to w / pf.w_init and LTP to the room left below "
         "pf.w_max (soft bounds, which pull weights back to pf.w_init at the olive's baseline)",
         R, false, &P::pf_weight_dependence},

        // inferior olive
        {"io.baseline_rate_hz", "Hz", 1.0, 0.0, 10.0,
         "Spontaneous complex-spike rate of a climbing fibre", R, false, &P::io_baseline_rate_hz},
        {"io.slip_gain", "Hz/(deg/s)", 0.25, 0.0, 5.0,
         "Complex-spike rate added per deg/s of retinal slip in the zone's direction", R, false,
         &P::io_slip_gain},
        {"io.opposite_slip_gain", "Hz/(deg/s)", 0.01, 0.0, 5.0,
         "Complex-spike rate removed per deg/s of slip against the zone's direction (weak)", R,
         false, &P::io_opposite_slip_gain},
        {"io.gaze_gain", "Hz/(deg/s)", 0.0, 0.0, 1.0,
         "Complex-spike rate added per deg/s of gaze velocity (eye efference plus head "
         "velocity) along the zone's direction: the prepositus's push-pull inhibition of the "
         "olive, which falls as gaze moves the zone's way, through the olive's slow synapses "
         "(0 = none)",
         R, false, &P::io_gaze_gain},
        {"io.refractory_ms", "ms", 100.0, 0.0, 500.0,
         "Refractory period of olivary neurons", R, false, &P::io_refractory_ms},
        {"io.max_rate_hz", "Hz", 10.0, 1.0, 50.0,
         "Highest complex-spike rate the olive can sustain", R, false, &P::io_max_rate_hz},
        {"io.nucleo_olivary_gain", "", 0.2, 0.0, 5.0,
         "Olive inhibition (Hz) per Hz of nucleo-olivary firing above baseline", R, false,
         &P::io_nucleo_olivary_gain},
        {"io.nucleo_olivary_learned_fraction", "", 0.0, 0.0, 1.0,
         "Share of the nuclei's learned mossy drive that also excites the nucleo-olivary cells",
         R, false, &P::io_nucleo_olivary_learned_fraction},
        {"io.nucleo_olivary_adapt_ms", "ms", 0.0, 0.0, 100000.0,
         "Time constant over which the olive adapts to sustained nucleo-olivary inhibition, so "
         "that only its changes count (0 = no adaptation)",
         R, false, &P::io_nucleo_olivary_adapt_ms},
        {"io.nucleo_olivary_sources", "", 0.0, 0.0, 1.0,
         "Whose learned drive the nucleo-olivary cells share: every mossy input's (all) or only "
         "the context fibres' (context)",
         ParamKind::Choice, false, &P::io_nucleo_olivary_sources, kNucleoOlivarySources},
        {"io.nucleo_olivary_delay_ms", "ms", 0.0, 0.0, 200.0,
         "Delay from nucleo-olivary firing to its inhibition of the olive (slow, asynchronous "
         "GABA release)",
         R, false, &P::io_nucleo_olivary_delay_ms},
        {"io.nucleo_olivary_tau_ms", "ms", 0.0, 0.0, 2000.0,
         "Time constant over which the olive's nucleo-olivary inhibition builds up and decays "
         "(0: it follows their firing at once)",
         R, false, &P::io_nucleo_olivary_tau_ms},

        // deep cerebellar nuclei
        {"dcn.cells_per_microzone", "cells", 4, 1, 64,
         "Nuclear neurons that each microzone's Purkinje cells converge on", I, true,
         &P::dcn_cells_per_microzone},
        {"dcn.baseline_rate_hz", "Hz", 50.0, 0.0, 200.0,
         "Firing of nuclear neurons at rest (their output above it moves the eye)", R, false,
         &P::dcn_baseline_rate_hz},
        {"dcn.pc_gain", "", 1.0, 0.0, 5.0,
         "Nuclear rate lost per Hz of Purkinje simple spiking (inhibition)", R, false,
         &P::dcn_pc_gain},
        {"dcn.output_gain", "(deg/s)/Hz", 0.25, 0.0, 5.0,
         "Eye velocity commanded per Hz of nuclear firing above baseline", R, false,
         &P::dcn_output_gain},
        {"dcn.tau_ms", "ms", 40.0, 1.0, 100.0,
         "Synaptic time constant of Purkinje and mossy input to the nuclei", R, false,
         &P::dcn_tau_ms},
        {"dcn.mf_inputs", "fibres", 200, 0, 20000,
         "Mossy-fibre collaterals reaching each nuclear neuron", I, true, &P::dcn_mf_inputs},
        {"dcn.mf_weight_init", "", 0.02, 0.0, 1.0,
         "Initial mossy fibre to nucleus weight; drive is counted from it (Hz per Hz)", R, true,
         &P::dcn_mf_weight_init},
        {"dcn.w_max", "", 0.1, 0.0, 10.0,
         "Upper bound of mossy fibre to nucleus weights", R, false, &P::dcn_w_max},
        {"dcn.ltp_rate", "", 5e-7, 0.0, 1e-3,
         "Potentiation of active mossy synapses while Purkinje activity pauses (slow)", R, false,
         &P::dcn_ltp_rate},
        {"dcn.ltd_rate", "", 5e-7, 0.0, 1e-3,
         "Depression of active mossy synapses while Purkinje activity is high (slow)", R, false,
         &P::dcn_ltd_rate},
        {"dcn.pause_reference_ms", "ms", 1500.0, 100.0, 100000.0,
         "Time over which Purkinje activity is averaged to judge a pause", R, false,
         &P::dcn_pause_reference_ms},
        {"dcn.rule", "", 0.0, 0.0, 1.0,
         "What a drop in Purkinje inhibition is judged against: the zone's own recent average "
         "(pause) or fixed rates (threshold: dcn.ltp_threshold_hz, dcn.ltd_threshold_hz)",
         ParamKind::Choice, false, &P::dcn_rule, kDcnRuleChoices},
        {"dcn.ltp_threshold_hz", "Hz", 60.0, 0.0, 200.0,
         "Threshold rule: active mossy synapses potentiate while the zone's Purkinje rate is "
         "below this",
         R, false, &P::dcn_ltp_threshold_hz},
        {"dcn.ltd_threshold_hz", "Hz", 80.0, 0.0, 400.0,
         "Threshold rule: active mossy synapses depress while the zone's Purkinje rate is above "
         "this",
         R, false, &P::dcn_ltd_threshold_hz},
        {"dcn.expression_threshold_hz", "Hz", 0.0, 0.0, 200.0,
         "Purkinje rate of the zone around which its inhibition stops shunting the mossy "
         "synapses: what they learned reaches the nuclear cells, and they potentiate, mainly "
         "while the rate is below this (0: always)",
         R, false, &P::dcn_expression_threshold_hz},
        {"dcn.expression_width_hz", "Hz", 2.0, 0.1, 50.0,
         "How gradually the shunt lifts as the Purkinje rate falls past "
         "dcn.expression_threshold_hz",
         R, false, &P::dcn_expression_width_hz},
        {"dcn.labile_tau_s", "s", 0.0, 0.0, 100000.0,
         "Decay time of a mossy-to-nucleus weight change not yet consolidated (0: every change "
         "is lasting at once)",
         R, false, &P::dcn_labile_tau_s},
        {"dcn.labile_max", "", 0.005, 0.0, 10.0,
         "Largest change of a mossy-to-nucleus weight that can wait for consolidation; more "
         "learning before it is consolidated is lost (early-phase plasticity saturates)",
         R, false, &P::dcn_labile_max},
        {"dcn.consolidation_per_s", "1/s", 0.002, 0.0, 10.0,
         "Rate at which a labile mossy-to-nucleus change becomes lasting while the cell's "
         "plasticity resource is full",
         R, false, &P::dcn_consolidation_per_s},
        {"dcn.resource_recovery_s", "s", 60.0, 0.1, 100000.0,
         "Time constant with which a nuclear cell's plasticity resource (protein synthesis) "
         "recovers",
         R, false, &P::dcn_resource_recovery_s},
        {"dcn.resource_use", "1/weight", 0.0, 0.0, 100000.0,
         "Resource a nuclear cell uses per unit of weight change it consolidates (0: unlimited)",
         R, false, &P::dcn_resource_use},

        // eyeblink conditioning: the task, the eyeblink zone and the eyelid
        // the eyeblink zone and the eyelid
        {"eb.mossy_fibres", "fibres", 200, 20, 5000,
         "Mossy fibres of the eyeblink zone (from the pontine nuclei)", I, true,
         &P::eb_mossy_fibres},
        {"eb.cs_fraction", "", 0.6, 0.01, 1.0,
         "Fraction of the eyeblink zone's mossy fibres that the tone drives", R, true,
         &P::eb_cs_fraction},
        {"eb.mf_background_hz", "Hz", 10.0, 0.0, 100.0,
         "Spontaneous firing of the eyeblink zone's mossy fibres", R, false,
         &P::eb_mf_background_hz},
        {"eb.granule_cells", "cells", 2000, 100, 50000,
         "Granule cells of the eyeblink zone (the granular-layer clock)", I, true,
         &P::eb_granule_cells},
        {"eb.golgi_cells", "cells", 200, 2, 5000,
         "Golgi cells of the eyeblink zone", I, true, &P::eb_golgi_cells},
        {"eb.gc_golgi_inputs", "cells", 1, 1, 32,
         "Golgi cells inhibiting one granule cell (its glomeruli)", I, true,
         &P::eb_gc_golgi_inputs},
        {"eb.golgi_gc_inputs", "cells", 10, 1, 1000,
         "Granule cells (ascending axons and parallel fibres) exciting one Golgi cell", I, true,
         &P::eb_golgi_gc_inputs},
        {"eb.gc_threshold", "", 0.2, 0.0, 1.0,
         "Granule firing threshold, in units of mossy drive (1 = every input at 100 Hz)", R,
         false, &P::eb_gc_threshold},
        {"eb.gc_max_rate_hz", "Hz", 100.0, 1.0, 500.0,
         "Highest firing rate of an eyeblink-zone granule cell", R, false,
         &P::eb_gc_max_rate_hz},
        {"eb.golgi_gain", "", 2.0, 0.0, 50.0,
         "Golgi inhibition of granule cells (0 = none: no clock, a steady code)", R, false,
         &P::eb_golgi_gain},
        {"eb.golgi_mf_weight", "", 1.0, 0.0, 5.0,
         "Direct mossy-fibre excitation of Golgi cells, relative to their granule input", R,
         false, &P::eb_golgi_mf_weight},
        {"eb.golgi_tau_min_ms", "ms", 50.0, 1.0, 2000.0,
         "Fastest Golgi integration time (time constants spread log-uniformly up to the slowest)",
         R, true, &P::eb_golgi_tau_min_ms},
        {"eb.golgi_tau_max_ms", "ms", 2000.0, 1.0, 5000.0,
         "Slowest Golgi integration time (slow GABA-B and spillover inhibition)", R, true,
         &P::eb_golgi_tau_max_ms},
        {"eb.purkinje_cells", "cells", 32, 1, 64,
         "Purkinje cells of the eyeblink zone", I, true, &P::eb_purkinje_cells},
        {"eb.pc_gain_hz", "Hz", 70.0, 0.0, 300.0,
         "Simple-spike rate change per relative change of a Purkinje cell's parallel-fibre drive",
         R, false, &P::eb_pc_gain_hz},
        {"eb.ltd_rate", "", 0.00055, 0.0, 1.0,
         "Eyeblink-zone LTD per complex spike per unit eligibility (as pf.ltd_rate)", R, false,
         &P::eb_ltd_rate},
        {"eb.ltp_rate", "", 0.0008, 0.0, 1.0,
         "Eyeblink-zone LTP per parallel-fibre spike (as pf.ltp_rate)", R, false,
         &P::eb_ltp_rate},
        {"eb.ltd_kernel_peak_ms", "ms", 50.0, 5.0, 300.0,
         "Delay between parallel-fibre spike and complex spike at which eyeblink-zone LTD is strongest",
         R, false, &P::eb_ltd_kernel_peak_ms},
        {"eb.nucleo_olivary_gain", "1/Hz", 0.03, 0.0, 1.0,
         "Fraction of the olive's drive removed per Hz of eyeblink-zone nuclear output", R, false,
         &P::eb_nucleo_olivary_gain},
        {"eb.dcn_mf_inputs", "fibres", 40, 1, 5000,
         "Mossy-fibre collaterals reaching one eyeblink-zone nuclear neuron", I, true,
         &P::eb_dcn_mf_inputs},
        {"eb.dcn_ltp_rate", "", 3e-7, 0.0, 1e-3,
         "Eyeblink-zone potentiation of active mossy->nuclear synapses while Purkinje activity "
         "pauses (as dcn.ltp_rate)", R, false, &P::eb_dcn_ltp_rate},
        {"eb.dcn_ltd_rate", "", 1.5e-7, 0.0, 1e-3,
         "Eyeblink-zone depression of active mossy->nuclear synapses while Purkinje activity "
         "is high (as dcn.ltd_rate)", R, false, &P::eb_dcn_ltd_rate},
        {"eyelid.tau_ms", "ms", 50.0, 1.0, 500.0,
         "Time constant of the eyelid's response to nuclear drive (orbicularis oculi)", R,
         false, &P::eyelid_tau_ms},
        {"eyelid.gain_per_hz", "1/Hz", 0.01, 0.0, 1.0,
         "Eyelid closure per Hz of eyeblink-zone nuclear output above baseline", R, false,
         &P::eyelid_gain_per_hz},
        {"eyelid.ur_amplitude", "", 1.0, 0.0, 1.0,
         "Peak closure of the unconditioned blink to the puff", R, false,
         &P::eyelid_ur_amplitude},
        {"eyelid.ur_tau_ms", "ms", 15.0, 1.0, 200.0,
         "Time constant of each of the two stages of the unconditioned blink", R, false,
         &P::eyelid_ur_tau_ms},
        {"eyelid.adapt_tau_ms", "ms", 3000.0, 100.0, 100000.0,
         "Slow adaptation of the eyelid pathway to a sustained change of nuclear drive", R,
         false, &P::eyelid_adapt_tau_ms},

        // recording
        {"record.purkinje", "cells/zone", 64, 0, 64,
         "Purkinje cells of each microzone whose spikes are written (all by default)", I, false,
         &P::record_purkinje},
    };
    return specs;
}

std::string format_number(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

}  // namespace

InstructionDirection instruction_direction(const Parameters& p) {
    return p.task_instruction_direction == 1 ? InstructionDirection::Down
                                             : InstructionDirection::Up;
}

std::string ParamSpec::group() const {
    const auto dot = name.find('.');
    return std::string(name.substr(0, dot));
}

std::string ParamSpec::format_value(double v) const {
    if (kind == ParamKind::Choice) {
        const auto i = static_cast<std::size_t>(std::lround(v));
        return i < choices.size() ? std::string(choices[i]) : format_number(v);
    }
    return format_number(v);
}

std::string ParamSpec::range_text() const {
    if (kind == ParamKind::Choice) {
        std::string s = "{";
        for (std::size_t i = 0; i < choices.size(); ++i) {
            if (i) s += ", ";
            s += choices[i];
        }
        return s + "}";
    }
    std::string s = "[" + format_number(min_value) + ", " + format_number(max_value) + "]";
    if (kind == ParamKind::Integer) s += " (whole number)";
    if (!unit.empty()) s += " " + std::string(unit);
    return s;
}

std::span<const ParamSpec> parameter_specs() { return table(); }

const ParamSpec* find_parameter(std::string_view name) {
    for (const auto& s : table())
        if (s.name == name) return &s;
    return nullptr;
}

double get_parameter(const Parameters& p, const ParamSpec& spec) {
    return std::visit(
        [&](auto member) -> double { return static_cast<double>(p.*member); }, spec.field);
}

Parameters default_parameters() {
    Parameters p;
    for (const auto& s : table()) {
        std::visit(
            [&](auto member) {
                using T = std::remove_reference_t<decltype(p.*member)>;
                p.*member = static_cast<T>(s.default_value);
            },
            s.field);
    }
    return p;
}

std::optional<std::string> set_parameter(Parameters& p, std::string_view name, double value) {
    const ParamSpec* s = find_parameter(name);
    if (!s) return "unknown parameter '" + std::string(name) + "' (see 'flocculus-cli list params')";
    const std::string where = "parameter " + std::string(name) + " must be in " + s->range_text();
    if (!std::isfinite(value)) return where + ", got a non-finite value";
    if (value < s->min_value || value > s->max_value)
        return where + ", got " + format_number(value);
    if (s->kind != ParamKind::Real && value != std::floor(value))
        return where + ", got " + format_number(value);
    std::visit(
        [&](auto member) {
            using T = std::remove_reference_t<decltype(p.*member)>;
            p.*member = static_cast<T>(value);
        },
        s->field);
    return std::nullopt;
}

std::optional<double> parse_number(std::string_view text) {
    // std::from_chars does not accept a leading '+'; allow it for convenience.
    if (!text.empty() && text.front() == '+') text.remove_prefix(1);
    if (text.empty()) return std::nullopt;
    double v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || ptr != text.data() + text.size()) return std::nullopt;
    if (!std::isfinite(v)) return std::nullopt;
    return v;
}

std::optional<std::string> set_parameter_text(Parameters& p, std::string_view name,
                                              std::string_view text) {
    const ParamSpec* s = find_parameter(name);
    if (!s) return set_parameter(p, name, 0.0);  // produces the unknown-name message
    if (s->kind == ParamKind::Choice) {
        for (std::size_t i = 0; i < s->choices.size(); ++i)
            if (s->choices[i] == text) return set_parameter(p, name, static_cast<double>(i));
        return "parameter " + std::string(name) + " must be one of " + s->range_text() +
               ", got '" + std::string(text) + "'";
    }
    const auto v = parse_number(text);
    if (!v)
        return "parameter " + std::string(name) + " must be a number in " + s->range_text() +
               ", got '" + std::string(text) + "'";
    return set_parameter(p, name, *v);
}

}  // namespace flocculus

namespace flocculus {

std::optional<std::string> validate_parameters(const Parameters& p) {
    if (p.mf_context_fraction + p.mf_direction_fraction > 1.0 + 1e-12)
        return "mf.context_fraction + mf.direction_fraction must be at most 1, got " +
               format_number(p.mf_context_fraction + p.mf_direction_fraction);
    if (p.pf_w_init > p.pf_w_max)
        return "pf.w_init must be at most pf.w_max (" + format_number(p.pf_w_max) + "), got " +
               format_number(p.pf_w_init);
    if (p.dcn_mf_weight_init > p.dcn_w_max)
        return "dcn.mf_weight_init must be at most dcn.w_max (" + format_number(p.dcn_w_max) +
               "), got " + format_number(p.dcn_mf_weight_init);
    if (p.dcn_mf_inputs > p.mf_count)
        return "dcn.mf_inputs must be at most mf.count (" + std::to_string(p.mf_count) +
               "), got " + std::to_string(p.dcn_mf_inputs);
    if (p.gc_mf_inputs > p.mf_count)
        return "gc.mf_inputs must be at most mf.count (" + std::to_string(p.mf_count) + ")";
    if (p.dcn_ltp_threshold_hz > p.dcn_ltd_threshold_hz)
        return "dcn.ltp_threshold_hz must be at most dcn.ltd_threshold_hz (" +
               format_number(p.dcn_ltd_threshold_hz) + "), got " +
               format_number(p.dcn_ltp_threshold_hz);
    if (p.eb_golgi_tau_min_ms > p.eb_golgi_tau_max_ms)
        return "eb.golgi_tau_min_ms must be at most eb.golgi_tau_max_ms (" +
               format_number(p.eb_golgi_tau_max_ms) + "), got " + format_number(p.eb_golgi_tau_min_ms);
    return std::nullopt;
}

}  // namespace flocculus
