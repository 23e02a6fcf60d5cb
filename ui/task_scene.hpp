// SPDX-License-Identifier: GPL-3.0-or-later
// What the main window asks of a task's scene (DESIGN §5.1): each task draws its own scene
// from the runner's snapshots; the window shows the one its protocol needs.
#pragma once

#include <memory>

#include "runner.hpp"

namespace flocculus::ui {

class TaskScene {
  public:
    virtual ~TaskScene() = default;
    // Shows this snapshot at the next paint.
    virtual void show_snapshot(std::shared_ptr<const Snapshot> s) = 0;

  protected:
    TaskScene() = default;
    TaskScene(const TaskScene&) = default;
    TaskScene& operator=(const TaskScene&) = default;
};

}  // namespace flocculus::ui
