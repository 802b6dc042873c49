#include "ui/photos.h"

#include <GLES3/gl3.h>
#include <imgui.h>

#include <algorithm>
#include <map>

#include "app/record_rights.h"
#include "ui/icons.h"
#include "ui/widgets.h"

namespace crm::ui {
namespace {

// Thumbnails by SHA-256: a texture once decoded; `asked` while the host decodes it.
struct Thumbnail {
  GLuint texture = 0;
  int w = 0, h = 0;
  bool asked = false, failed = false;
};
std::map<std::string, Thumbnail>& thumbnails() {
  static std::map<std::string, Thumbnail> cache;
  return cache;
}

constexpr int kThumbnailPx = 256;  // decoded size: sharp at 96 CSS px on a 3x screen

void make_texture(const std::string& sha, int w, int h, const unsigned char* rgba) {
  Thumbnail& t = thumbnails()[sha];
  if (w <= 0 || h <= 0 || !rgba) {
    t.failed = true;
    return;
  }
  if (!t.texture) glGenTextures(1, &t.texture);
  glBindTexture(GL_TEXTURE_2D, t.texture);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
  glTexParameteri(GL_TEXTURE_2D, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
  glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
  glTexImage2D(GL_TEXTURE_2D, 0, GL_RGBA, w, h, 0, GL_RGBA, GL_UNSIGNED_BYTE, rgba);
  glBindTexture(GL_TEXTURE_2D, 0);
  t.w = w;
  t.h = h;
}

const char* state_code(FileState::Kind k) {
  switch (k) {
    case FileState::Kind::kLocal: return "local";
    case FileState::Kind::kWaiting: return "waiting";
    case FileState::Kind::kUploading: return "uploading";
    case FileState::Kind::kRemote: return "remote";
    case FileState::Kind::kDownloading: return "downloading";
    case FileState::Kind::kFailed: return "failed";
  }
  return "";
}

std::string state_text(const FileState& s) {
  switch (s.kind) {
    case FileState::Kind::kWaiting: return tr("Waiting to upload");
    case FileState::Kind::kUploading:
      return trf("Uploading %d%%", s.total > 0 ? static_cast<int>(100 * s.done / s.total) : 0);
    case FileState::Kind::kRemote:
    case FileState::Kind::kDownloading: return tr("Downloading…");
    case FileState::Kind::kFailed:
      if (s.error == "forbidden") return tr("This photo is outside your data scope.");
      if (s.error == "too_large") return tr("The photo is too large for the server.");
      if (s.error == "unsupported_type") return tr("This file is not a photo.");
      if (s.error == "hash_mismatch") return tr("The photo arrived damaged.");
      return error_text(s.error);
    case FileState::Kind::kLocal: return "";
  }
  return "";
}

// One square thumbnail `side` px wide: the picture (letterboxed) or a placeholder, and under it
// where the photo stands when it is not simply on the device.
void thumbnail(Ui& ui, const ListRow& a, float side, const std::string& name) {
  const std::string sha = text_of(a.values, "sha256");
  const FileState st = ui.app.file_state(a.values);
  const bool here = st.kind == FileState::Kind::kLocal || st.kind == FileState::Kind::kWaiting ||
                    st.kind == FileState::Kind::kUploading;
  Thumbnail& t = thumbnails()[sha];
  if (here && !t.asked && ui.host.thumbnail) {
    t.asked = true;
    ui.host.thumbnail(sha, kThumbnailPx, [sha](int w, int h, const unsigned char* rgba) { make_texture(sha, w, h, rgba); });
  }
  if (st.kind == FileState::Kind::kRemote) {
    const auto values = a.values;
    ui.later([&ui, values] { ui.app.fetch_file(values); });
  }
  ImGui::BeginGroup();
  const ImVec2 at = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(at, ImVec2(at.x + side, at.y + side), tone(Tone::kSurface), ui.layout.px(6));
  if (t.texture) {
    const float scale = side / static_cast<float>(std::max(t.w, t.h));
    const float w = t.w * scale, h = t.h * scale;
    const ImVec2 p0(at.x + (side - w) / 2, at.y + (side - h) / 2);
    dl->AddImage(reinterpret_cast<ImTextureID>(static_cast<intptr_t>(t.texture)), p0, ImVec2(p0.x + w, p0.y + h));
  } else {
    const char* icon = ICON_CAMERA;
    const ImVec2 size = ImGui::CalcTextSize(icon);
    dl->AddText(ImVec2(at.x + (side - size.x) / 2, at.y + (side - size.y) / 2), tone(Tone::kMuted), icon);
  }
  ImGui::InvisibleButton("##thumb", ImVec2(side, side));
  const std::string label = text_of(a.values, "file_name").empty() ? tr("Photo") : text_of(a.values, "file_name");
  const std::string value = st.kind == FileState::Kind::kFailed ? std::string("failed:") + st.error : state_code(st.kind);
  probe(name, ProbeInfo{Role::kText, label, value});
  const std::string line = state_text(st);
  if (!line.empty()) {
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + side);
    wrapped_in(st.kind == FileState::Kind::kFailed ? Tone::kError : Tone::kMuted, line.c_str());
    ImGui::PopTextWrapPos();
  }
  ImGui::EndGroup();
}

}  // namespace

void forget_thumbnails() {
  for (auto& [sha, t] : thumbnails())
    if (t.texture) glDeleteTextures(1, &t.texture);
  thumbnails().clear();
}

void draw_photos(Ui& ui, const std::string& entity, const std::string& id, const std::string& prefix) {
  App& app = ui.app;
  if (!app.photos_supported()) return;
  const auto rows = app.attachments(entity, id);
  heading(trf("Photos (%d)", static_cast<int>(rows.size())).c_str(), (prefix + "photos").c_str());
  const float side = ui.layout.px(96), gap = ImGui::GetStyle().ItemSpacing.x;
  const float width = ImGui::GetContentRegionAvail().x;
  const int per_row = std::max(1, static_cast<int>((width + gap) / (side + gap)));
  for (size_t i = 0; i < rows.size(); ++i) {
    ImGui::PushID(rows[i]->id.c_str());
    if (i % per_row != 0) ImGui::SameLine();
    thumbnail(ui, *rows[i], side, prefix + "photos." + std::to_string(i));
    ImGui::PopID();
  }
  const App::PhotoRequest& pr = app.photo_request();
  const bool mine = pr.entity == entity && pr.id == id;
  const EntitySchema* schema = find_schema(entity);
  if (!schema || !write_rights(*schema, app.session().role).may_write) return;  // a record the user only reads
  if (button((std::string(ICON_CAMERA "  ") + tr("Add photo")).c_str(), (prefix + "photos.add").c_str(),
             ButtonKind::kNormal, ui.layout.phone() ? -1 : 0))
    ui.later([&ui, entity, id] { ui.app.add_photo(entity, id); });
  if (mine && !pr.busy && !pr.error.code.empty() && pr.error.code != "cancelled") error_line(pr.error.code);
}

}  // namespace crm::ui
