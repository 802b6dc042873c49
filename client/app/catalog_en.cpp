// English words for codes the data holds (choice values, visit warnings, roles), and the singular
// of English plural formats (catalog.h trp()).
namespace crm {

extern const char* const kEnglishLabels[][2];
const char* const kEnglishLabels[][2] = {
    // Choice values (entity schemas)
    {"company", "Company"},
    {"individual", "Individual"},
    {"prospect", "Prospect"},
    {"active", "Active"},
    {"inactive", "Inactive"},
    {"lost", "Lost"},
    {"call", "Call"},
    {"message", "Message"},
    {"meeting", "Meeting"},
    {"email", "E-mail"},
    {"note", "Note"},
    {"reported", "Reported"},
    {"dispatched", "Dispatched"},
    {"in_progress", "In progress"},
    {"completed", "Completed"},
    {"closed", "Closed"},
    {"low", "Low"},
    {"normal", "Normal"},
    {"high", "High"},
    {"urgent", "Urgent"},
    // Product units (product.cpp)
    {"piece", "Piece"},
    {"box", "Box"},
    {"set", "Set"},
    {"litre", "Litre"},
    {"hour", "Hour"},
    // Visit trust warnings (visit_rules.h)
    {"outside_geofence", "Outside the geofence"},
    {"no_customer_position", "Customer has no coordinates"},
    {"low_accuracy", "Inaccurate position"},
    {"stale_position", "Stale position"},
    {"clock_skew", "Device clock skew"},
    // Roles (docs/access.md)
    {"sales", "sales"},
    {"manager", "manager"},
    {"service", "service"},
    {"admin", "administrator"},
    {nullptr, nullptr},
};

extern const char* const kEnglishSingular[][2];
const char* const kEnglishSingular[][2] = {
    {"%d unsynced", "%d unsynced"},
    {"Checked out after %d min", "Checked out after %d min"},
    {"%d contacts", "%d contact"},
    {"%d visits", "%d visit"},
    {"%d activities", "%d activity"},
    {"%d customers stored on this device", "%d customer stored on this device"},
    // Custom field types (model/configuration.h)
    {"text", "Text"},
    {"long_text", "Long text"},
    {"number", "Number"},
    {"money", "Money"},
    {"date", "Date"},
    {"choice", "Choice from a picklist"},
    {"tags", "Tags"},
    {"reference", "Reference"},
    {nullptr, nullptr},
};

}  // namespace crm
