// The words of lead conversion, the duplicate check and merging: rows of {key, English (null: the
// key is the English text), Chinese, Russian} (catalog.cpp).
namespace crm {

extern const char* const kLeadsCatalog[][4];
const char* const kLeadsCatalog[][4] = {
    {"Convert", nullptr, "转化", "Преобразовать"},
    {"Convert the lead", nullptr, "转化线索", "Преобразование лида"},
    {"Create a new customer", nullptr, "新建客户", "Создать нового клиента"},
    {"Or add it to a customer you already have:", nullptr, "或者并入已有客户：", "Или добавить к существующему клиенту:"},
    {"Create an opportunity", nullptr, "同时创建商机", "Создать сделку"},
    {"same phone", nullptr, "电话相同", "тот же телефон"},
    {"same e-mail", nullptr, "邮箱相同", "тот же e-mail"},
    {"similar name", nullptr, "名称相似", "похожее название"},
    {"This may already be on the device:", nullptr, "可能已经存在：", "Возможно, это уже есть:"},
    {"Open", nullptr, "打开", "Открыть"},
    {"Convert into this customer", nullptr, "转化为该客户", "Преобразовать в этого клиента"},
    {"Save anyway", nullptr, "仍然保存", "Всё равно сохранить"},
    {"Possible duplicates", nullptr, "可能重复", "Возможные дубликаты"},
    {"Merge", nullptr, "合并", "Объединить"},
    {"Which one to keep?", nullptr, "保留哪一个？", "Какую запись оставить?"},
    {"Keep this customer", nullptr, "保留此客户", "Оставить этого клиента"},
    {"Keep the other", nullptr, "保留另一个", "Оставить другого"},
    {"Merged into", nullptr, "已合并到", "Объединён с"},
    // Error codes of sales/lead_conversion.h
    {"already_converted", "This lead is already converted.", "该线索已转化。", "Этот лид уже преобразован."},
    {"not_convertible", "A disqualified lead cannot be converted; reopen it first.", "已作废的线索不能转化，请先重新打开。",
     "Дисквалифицированный лид нельзя преобразовать; сначала откройте его снова."},
    {"customer_not_found", "That customer is not on this device.", "本设备上没有该客户。",
     "Этого клиента нет на устройстве."},
    {"conversion_target_deleted", "The customer this lead would become was deleted.", "该线索要转成的客户已被删除。",
     "Клиент, в которого преобразуется лид, удалён."},
    {"same_record", "A record cannot be merged into itself.", "不能把记录合并到它自己。",
     "Запись нельзя объединить с самой собой."},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
