// Simplified Chinese texts for the UI, keyed by the English text (catalog.h).
namespace crm {

extern const char* const kChineseSimplified[][2];
const char* const kChineseSimplified[][2] = {
    {"Customers", "客户"},
    {nullptr, nullptr},
};

}  // namespace crm
