// Photos of a record (its `attachment` children): a row of thumbnails with where each stands
// (waiting to upload, uploading, downloading, refused), and "Add photo", which opens the camera
// on a phone and the file picker elsewhere. Thumbnails are GL textures made from RGBA pixels the
// host decodes (Host::thumbnail); the bytes a device lacks are fetched when first shown. Drawing
// only: the work is the app's (App::add_photo, App::fetch_file).
#pragma once

#include <string>

#include "ui/ui.h"

namespace crm::ui {

// Probe names: prefix + "photos" (heading), ".add", ".0", ".1", ... (thumbnails, their state as
// the value: local, waiting, uploading, remote, downloading, failed:CODE).
void draw_photos(Ui& ui, const std::string& entity, const std::string& id, const std::string& prefix);
// Drops every texture (a new user, a lost GL context).
void forget_thumbnails();

}  // namespace crm::ui
