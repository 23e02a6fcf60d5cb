# SPDX-License-Identifier: GPL-3.0-or-later
"""The Python module: the registry, run() against flocculus-cli (same output_hash, same
tables, same one-line errors), the GIL released while the circuit runs, Ctrl+C."""
import _thread
import json
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import flocculus

CLI = os.environ["FLOCCULUS_CLI"]
SMALL = {"network.granule_cells": 2000}


def cli(*args):
    return subprocess.run([CLI, *args], capture_output=True, text=True)


def test_registry():
    params = flocculus.parameters()
    delay = params["eye.visual_delay_ms"]
    assert (delay["min"], delay["max"], delay["unit"]) == (0, 400, "ms")
    assert delay["range"] == "[0, 400] ms"
    assert params["task.instruction_direction"]["kind"] == "choice"
    assert "up" in params["task.instruction_direction"]["choices"]
    listed = [line.split()[0] for line in cli("list", "params").stdout.splitlines()]
    assert listed == list(params)
    assert list(flocculus.protocols()) == [l.split()[0] for l in cli("list", "protocols").stdout.splitlines()]
    assert list(flocculus.lesions()) == [l.split()[0] for l in cli("list", "lesions").stdout.splitlines()]
    assert "direction-learning" in flocculus.protocols()


def test_run_equals_the_command_line(tmp_path):
    r = flocculus.run(protocol="direction-learning", trials=3, seed=2,
                      set={**SMALL, "pf.ltd_rate": 0.003, "task.instruction_direction": "down"},
                      lesions=["dcn:0.5"], lesions_at=["3:ltd"])
    out = tmp_path / "run"
    c = cli("run", "--protocol", "direction-learning", "--trials", "3", "--seed", "2", "--quiet",
            "--set", "network.granule_cells=2000", "--set", "pf.ltd_rate=0.003",
            "--set", "task.instruction_direction=down", "--lesion", "dcn:0.5",
            "--lesion-at", "3:ltd", "--out", str(out))
    assert c.returncode == 0, c.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert r["summary"]["output_hash"] == summary["output_hash"]
    for key in ("protocol", "seed", "trials", "parameters", "lesions", "lesions_at", "latency_ms",
                "learned_velocity_last10_deg_s", "cs_ratio_first10"):
        assert r["summary"][key] == summary[key], key

    trials = np.genfromtxt(out / "trials.csv", delimiter=",", names=True, dtype=None, encoding="utf-8")
    assert list(r["trials"]) == list(trials.dtype.names)
    assert list(r["trials"]["phase"]) == list(trials["phase"])
    np.testing.assert_allclose(r["trials"]["gain"], trials["gain"], atol=1e-4)
    spikes = np.genfromtxt(out / "purkinje_spikes.csv", delimiter=",", names=True, dtype=None, encoding="utf-8")
    assert len(r["spikes"]["t_ms"]) == len(spikes) > 0
    for col in ("trial", "microzone", "cell"):
        np.testing.assert_array_equal(r["spikes"][col], spikes[col])
    np.testing.assert_allclose(r["spikes"]["t_ms"], spikes["t_ms"], atol=0.051)
    assert list(r["spikes"]["kind"]) == list(spikes["kind"])
    traces = np.genfromtxt(out / "traces.csv", delimiter=",", names=True)
    assert len(r["traces"]["t_ms"]) == 3 * 1000 == len(traces)
    for col in ("target_vx", "target_vy", "eye_vx", "eye_vy"):
        np.testing.assert_allclose(r["traces"][col], traces[col], atol=1e-4)


def test_eyeblink_zone_spikes_are_microzone_4(tmp_path):
    # The eyeblink zone's Purkinje cells, as purkinje_spikes.csv has them: microzone 4.
    r = flocculus.run("eyeblink", trials=2, seed=1)
    out = tmp_path / "eyeblink"
    c = cli("run", "--protocol", "eyeblink", "--trials", "2", "--seed", "1", "--quiet", "--out", str(out))
    assert c.returncode == 0, c.stderr
    spikes = np.genfromtxt(out / "purkinje_spikes.csv", delimiter=",", names=True, dtype=None, encoding="utf-8")
    assert len(r["spikes"]["t_ms"]) == len(spikes) > 0
    assert set(r["spikes"]["microzone"]) == {4}
    for col in ("trial", "microzone", "cell"):
        np.testing.assert_array_equal(r["spikes"][col], spikes[col])
    assert set(r["spikes"]["kind"]) == {"ss", "cs"}


def test_other_seed_other_hash():
    a = flocculus.run("step-ramp", trials=1, seed=1, set=SMALL)
    b = flocculus.run("step-ramp", trials=1, seed=2, set=SMALL)
    assert a["summary"]["output_hash"] != b["summary"]["output_hash"]


@pytest.mark.parametrize("kwargs, args", [
    ({"set": {"pf.nonsense": 1}}, ["--set", "pf.nonsense=1"]),
    ({"set": {"sim.dt_ms": 5}}, ["--set", "sim.dt_ms=5"]),
    ({"set": {"task.instruction_direction": "sideways"}}, ["--set", "task.instruction_direction=sideways"]),
    ({"lesions": ["nose"]}, ["--lesion", "nose"]),
    ({"lesions": ["io:2"]}, ["--lesion", "io:2"]),
    ({"lesions_at": ["0:io"]}, ["--lesion-at", "0:io"]),
    ({"trials": 0}, ["--trials", "0"]),
    ({"seed": -1}, ["--seed", "-1"]),
    ({"preset": "nope"}, ["--preset", "nope"]),
])
def test_bad_input_raises_the_command_lines_message(kwargs, args):
    with pytest.raises(ValueError) as e:
        flocculus.run("step-ramp", **kwargs)
    c = cli("run", "--protocol", "step-ramp", *args)
    assert c.returncode == 2
    assert c.stderr == "flocculus-cli: " + str(e.value) + "\n"


def test_unknown_protocol():
    with pytest.raises(ValueError, match="unknown protocol 'nope'"):
        flocculus.run("nope")


def test_gil_is_released_while_running():
    trials = 6
    done = threading.Event()
    result = {}

    def work():
        result["r"] = flocculus.run("step-ramp", trials=trials, set=SMALL, threads=1)
        done.set()

    t = threading.Thread(target=work)
    ticks = 0
    t.start()
    while not done.is_set():
        ticks += 1
        time.sleep(0.001)
    t.join()
    assert len(result["r"]["trials"]["trial"]) == trials
    # With the GIL held, this thread could only run between trials.
    assert ticks > 10 * trials


def test_interrupt_stops_a_run_between_trials():
    timer = threading.Timer(0.5, _thread.interrupt_main)
    timer.start()
    with pytest.raises(KeyboardInterrupt):
        flocculus.run("step-ramp", trials=2000, set=SMALL, threads=1)
    timer.cancel()
    # The module is still usable afterwards.
    assert len(flocculus.run("step-ramp", trials=1, set=SMALL)["trials"]["trial"]) == 1


def test_ctrl_c_in_a_python_process():
    code = ("import flocculus, sys\n"
            "print('started', flush=True)\n"
            "flocculus.run('step-ramp', trials=2000, set={'network.granule_cells': 2000}, threads=1)\n"
            "print('finished', flush=True)\n")
    p = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=os.environ)
    assert p.stdout.readline().strip() == "started"
    time.sleep(0.5)
    p.send_signal(signal.SIGINT)
    out, err = p.communicate(timeout=60)  # 2000 trials would take minutes
    assert "finished" not in out
    assert "KeyboardInterrupt" in err
    assert p.returncode != 0
