// Links out of the app for a value: call a phone number, write to an e-mail address, show an
// address or a position on a map (geo: on phones, where it opens the maps app; OpenStreetMap
// elsewhere). Pure functions of the value; the Host opens them.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "model/entity_schema.h"
#include "crdt/record.h"

namespace crm::ui {

std::string tel_link(const std::string& phone);     // "tel:+493012345"
std::string mailto_link(const std::string& email);  // "mailto:a@b.c"
// A map of the record's position (latitude/longitude) if it has one, else of its address text.
std::string map_link(const std::map<std::string, Json>& values, bool phone);
// Percent-encoding for a URL query value.
std::string url_encode(const std::string& s);

// The kind of link a field's value gives, if any.
enum class LinkKind { kNone, kCall, kMail, kMap };
LinkKind link_kind(const FieldSpec& f);

}  // namespace crm::ui
