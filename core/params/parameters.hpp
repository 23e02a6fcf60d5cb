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

    // --- eye: visual pathway, brainstem, plant ------------------------------------
    double eye_visual_delay_ms = 0;     // retina -> pursuit system delay of retinal slip
    double eye_internal_delay_ms = 0;   // the brain's estimate of that delay (efference copy)
    double eye_visual_tau_ms = 0;       // time constant of each of two visual motion filters
    double eye_plant_tau_ms = 0;        // oculomotor plant, first-order lag
    double eye_brainstem_gain = 0;      // gain of the brainstem's target-velocity estimate
    double eye_max_velocity_deg_s = 0;  // saturation of the eye-velocity command
};

InstructionDirection instruction_direction(const Parameters& p);

}  // namespace flocculus
