// The public pool's words on the device (claim, return, the owner's warning, refusals):
// rows of {key, English (null: the key is the English text), Chinese, Russian} (catalog.cpp).
namespace crm {

extern const char* const kPoolCatalog[][4];
const char* const kPoolCatalog[][4] = {
    {"In the public pool", nullptr, "在公海中", "В общем пуле"},
    {"Returned because: %s", nullptr, "退回原因：%s", "Возвращён в пул: %s"},
    {"Claim", nullptr, "领取", "Взять себе"},
    {"Return to pool", nullptr, "退回公海", "Вернуть в пул"},
    {"Returns to the public pool at the next daily run unless you follow it up today.", nullptr,
     "今天不跟进的话，下次每日处理时将退回公海。", "Вернётся в общий пул при следующей ежедневной проверке, если сегодня не будет контакта."},
    {"Returns to the public pool in %d days unless followed up.", nullptr, "若不跟进，%d 天后退回公海。",
     "Вернётся в общий пул через %d день, если не будет контакта.|Вернётся в общий пул через %d дня, если не будет "
     "контакта.|Вернётся в общий пул через %d дней, если не будет контакта."},
    {"Say why the customer goes back to the pool.", nullptr, "请说明退回公海的原因。",
     "Укажите, почему клиент возвращается в пул."},
    {"Claimed first by %s", nullptr, "已被 %s 先领取", "Первым взял: %s"},
    {"Someone else claimed this customer from the pool first.", nullptr, "该客户已被他人先从公海领取。",
     "Этого клиента уже взял из пула кто-то другой."},
    {"You already hold as many customers as you may: return one to the pool first.", nullptr,
     "您持有的客户已达上限：请先退回一个到公海。", "У вас уже максимум клиентов: сначала верните одного в пул."},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
