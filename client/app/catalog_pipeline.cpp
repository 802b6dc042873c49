// The pipeline screens' words (the board, moves, the funnel and the forecast): rows of {key,
// English (null: the key is the English text), Chinese, Russian} (catalog.cpp).
namespace crm {

extern const char* const kPipelineCatalog[][4];
const char* const kPipelineCatalog[][4] = {
    {"Pipeline", nullptr, "销售漏斗看板", "Воронка"},
    {"Funnel and forecast", nullptr, "漏斗与预测", "Воронка и прогноз"},
    {"Funnel", nullptr, "漏斗", "Воронка"},
    {"Forecast by close month", nullptr, "按成交月份预测", "Прогноз по месяцу закрытия"},
    {"Move \"%s\" to %s", nullptr, "将“%s”移到%s", "Перевести «%s» в этап «%s»"},
    {"Amount won", nullptr, "赢单金额", "Сумма сделки"},
    {"Why was it lost?", nullptr, "输单原因？", "Почему сделка проиграна?"},
    {"Move", nullptr, "移动", "Перевести"},
    {"Previous stage", nullptr, "上一阶段", "Предыдущий этап"},
    {"Next stage", nullptr, "下一阶段", "Следующий этап"},
    {"Move to…", nullptr, "移到…", "Перевести в…"},
    {"Open", nullptr, "打开", "Открыть"},
    {"Drag to another stage", nullptr, "拖到其他阶段", "Перетащите в другой этап"},
    {"No opportunities", nullptr, "没有商机", "Нет сделок"},
    {"My team", nullptr, "我的团队", "Моя команда"},
    {"Everyone", nullptr, "所有人", "Все"},
    {"Any owner", nullptr, "任意负责人", "Любой ответственный"},
    {"Close month", nullptr, "成交月份", "Месяц закрытия"},
    {"Not on the board (unknown stage): %d", nullptr, "不在看板上（未知阶段）：%d", "Нет на доске (неизвестный этап): %d"},
    {"%s of the previous stage", nullptr, "上一阶段的 %s", "%s от предыдущего этапа"},
    {"now %s", nullptr, "当前 %s", "сейчас %s"},
    {"No opportunities with an amount and a close date", nullptr, "没有带金额和成交日期的商机",
     "Нет сделок с суммой и датой закрытия"},
    {"Weighted: %s", nullptr, "加权：%s", "Взвешенно: %s"},
    {"Weighted", nullptr, "加权", "Взвешенно"},
    {"Won", nullptr, "赢单", "Выиграно"},
    {"%s in %d open deals", nullptr, "%s，%d 个进行中商机", "%s в открытых сделках: %d"},
    {"Won: %s", nullptr, "赢单：%s", "Выиграно: %s"},
    {"A won opportunity needs its amount, like 12500 CNY.", nullptr, "赢单需要填写金额，例如 12500 CNY。",
     "Для выигранной сделки укажите сумму, например 12500 CNY."},
    {"Say why the opportunity was lost.", nullptr, "请说明输单原因。", "Укажите, почему сделка проиграна."},
    {"The opportunity is already in this stage.", nullptr, "商机已在此阶段。", "Сделка уже на этом этапе."},
    {"This stage is not part of the pipeline.", nullptr, "此阶段不在销售流程中。", "Этого этапа нет в воронке."},
    {nullptr, nullptr, nullptr, nullptr},
};

}  // namespace crm
