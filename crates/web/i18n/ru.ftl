# probatio: the officers' application in ru. Task and flag grounds follow shared/spec/rule-texts.md.

app-name = Пробация
nav-today = Сегодня
nav-sign-out = Выйти
lang-switch = Язык
login-title = Вход в систему
login-login = Логин
login-password = Пароль
login-submit = Войти
login-failed = Неверный логин или пароль
login-throttled = Слишком много неудачных попыток: подождите 15 минут
login-expired = Форма устарела: отправьте её ещё раз
today-title = Задачи на сегодня
today-as-of = На дату
today-open = Открытые задачи
today-overdue = Просрочено
today-due-today = Сегодня
today-cases = Дела
today-none = Открытых задач нет
col-person = Осуждённый
col-card = № карточки
col-task = Задача
col-due = Срок
col-rule = Основание
col-flag = Отметка
col-date = Дата
no-due = без срока
flags-title = Требуют внимания: отметки о нарушениях
flags-none = Отметок нет
overdue-mark = просрочено
forbidden = Эта страница не для вашей роли

## Task and opportunity names
task-initial-search = Первоначальные розыскные мероприятия
task-registration = Постановка на учёт
task-report = День явки на регистрацию
task-records-check = Проверка по учётам
task-home-visit = Контроль поведения
task-preventive-talk = Профилактическая беседа
task-workplace-check = Проверка по месту работы
task-guardianship-check = Проверка с органами опеки
task-summon = Вызов
task-warning = Письменное предупреждение
task-submission-replace-with-imprisonment = Представление в суд: замена лишением свободы
task-submission-extend-control = Представление в суд: продление контроля
task-submission-cancel-conditional = Представление в суд: отмена условного осуждения
task-submission-declare-wanted = Представление в суд: объявление розыска
task-submission-cancel-deferral = Представление в суд: отмена отсрочки
task-submission-deferral-end = Представление в суд: окончание отсрочки
task-submission-replace-correctional-works = Представление в суд: замена исправительных работ
task-submission-release-disability = Представление в суд: освобождение по инвалидности
task-notify-employer = Уведомление работодателя
task-release-preparation = Подготовка к освобождению
task-remove = Снятие с учёта
task-submission-early-cancellation = Представление в суд: досрочная отмена условного осуждения

## Legal grounds (rule-texts.md)
ground-initial-search = Осуждённый не явился в установленный срок: провести первоначальные розыскные мероприятия (пп. 68, 76, 91 Правил)
ground-registration = Поставить на учёт в течение трёх рабочих дней после прибытия (п. 88)
ground-registration-cw = Привлечь к отбыванию наказания не позднее пятнадцати календарных дней со дня поступления распоряжения суда
ground-report = День явки на регистрацию: два раза в месяц, в сельской местности — один раз (п. 78)
ground-records-check = Ежемесячная проверка по учётам ОВД и КПСиСУ (пп. 4, 65, 78)
ground-home-visit = Контроль поведения по месту жительства и работы не реже одного раза в месяц
ground-preventive-talk = Ежемесячная профилактическая беседа
ground-workplace-check = Проверка правильности удержаний из заработной платы по месту работы не реже раза в квартал (акт в двух экземплярах)
ground-guardianship-check = Ежеквартальная проверка по месту жительства совместно с органами опеки и попечительства (акт в трёх экземплярах, п. 89)
ground-summon = Вызвать в службу пробации в течение трёх рабочих дней после выявления нарушения (пп. 71, 80, 94)
ground-warning = Провести профилактическую беседу и вынести письменное предупреждение
ground-submission-replace-with-imprisonment = В течение пяти рабочих дней со дня выявления нарушения — представление в суд о замене ограничения свободы лишением свободы (п. 72)
ground-submission-extend-control = Представление в суд о продлении срока пробационного контроля: не более одного года, несовершеннолетним — не более шести месяцев (пп. 80, 81)
ground-submission-cancel-conditional = В течение пяти рабочих дней со дня вынесения письменного предупреждения — представление в суд об отмене условного осуждения (п. 81)
ground-submission-declare-wanted = Представление в суд об объявлении розыска и применении меры пресечения (п. 82)
ground-submission-cancel-deferral = В течение пяти рабочих дней — представление в суд об отмене отсрочки отбывания наказания (п. 95)
ground-submission-deferral-end = В течение пяти рабочих дней после окончания срока отсрочки — представление в суд (п. 97)
ground-submission-replace-correctional-works = В течение пятнадцати календарных дней со дня выявления нарушения — представление в суд о замене исправительных работ
ground-submission-release-disability = Представление в суд об освобождении от дальнейшего отбывания наказания осуждённого, признанного инвалидом первой или второй группы
ground-notify-employer = Письменно уведомить администрацию организации не позднее следующего рабочего дня: удержания прекращаются
ground-release-preparation = За год до освобождения начать индивидуальную программу оказания социально-правовой помощи (ст. 16 Закона)
ground-remove = Снять с учёта по истечении срока (п. 83)
ground-submission-early-cancellation = Истекло не менее половины срока: для лица, доказавшего своё исправление, можно внести представление об отмене условного осуждения и снятии судимости (п. 79)
flag-late = Выполнено с нарушением срока
flag-unfulfilled = Мера окончена, обязанность не выполнена
flag-missed-period = Не выполнено в течение периода
flag-late-appearance = Не явился для постановки на учёт в течение десяти суток со дня вступления приговора в законную силу (ст. 15 Закона)
flag-late-arrival = Не прибыл в течение двух недель со дня освобождения (п. 91)
flag-enhanced-reporting = Обязанность являться чаще двух раз в месяц («усиленный контроль») исключена из законодательства
flag-premature-submission = Представление внесено до истечения половины срока
flag-oral-notice = Об изменении места жительства необходимо уведомить письменно (ст. 15 Закона)
flag-extension-over-limit = Срок продления превышает установленный законом предел
flag-not-eligible = Данная мера к этому лицу не применяется
flag-oral-application = Досудебная пробация осуществляется только по письменному заявлению (ст. 13 Закона)
flag-testing-over-time = Тестирование не должно превышать шестидесяти минут
flag-testing-afternoon = Тестирование проводится в первой половине дня
flag-testing-unqualified = Тестирование проводит лицо с психологическим или педагогическим образованием

## Navigation and common words
nav-caseload = Мои дела
yes = да
no = нет
any = все
cancel = Отмена
not-found-case = Такого дела нет на вашей территории

## Caseload
caseload-title = Мои дела
caseload-title-service = Дела службы
caseload-search = Поиск по ИИН или ФИО
caseload-filter = Показать
caseload-reset = Сбросить фильтры
caseload-none = Дел не найдено
col-measure = Мера
col-status = Статус
col-next-due = Ближайший срок
col-overdue = Просрочено
col-flags = Отметки
col-juvenile = Несовершеннолетний
page-prev = Назад
page-next = Далее

## Measures and statuses
measure-restriction-of-freedom = Ограничение свободы
measure-conditional-sentence = Условное осуждение
measure-correctional-works = Исправительные работы
measure-community-service = Привлечение к общественным работам
measure-deferral = Отсрочка отбывания наказания
measure-activity-ban = Лишение права занимать должность или заниматься деятельностью
measure-pretrial = Досудебная пробация
measure-penitentiary = Пенитенциарная пробация
measure-post-penitentiary = Постпенитенциарная пробация
status-awaiting-registration = Ожидает постановки на учёт
status-active = На учёте
status-wanted = В розыске
status-ended = Мера окончена

## The case card
case-title = Учётная карточка
case-iin = ИИН
case-birth = Дата рождения
case-sex = Пол
sex-male = мужской
sex-female = женский
case-address = Адрес
case-rural = сельская местность
case-court = Суд
case-verdict = Решение суда №
case-verdict-date = Дата решения
case-in-force = Вступило в законную силу
case-received = Поступило в службу
case-term = Срок
case-until = Отсрочка до
case-hours = Часов
case-release = Дата освобождения
case-additional = Дополнительные наказания
case-officer = Сотрудник
term-title = Срок меры
term-start = Начало
term-end = Окончание
term-half = Половина срока
term-suspended = Дней приостановлено
term-today = Сегодня
term-none = Срок не начался
case-agenda = Что требует закон
case-opportunities = Можно сделать
case-events = История
col-event = Событие
col-details = Подробности
col-recorded = Записано
col-reason = Причина
events-none = Записей нет
case-record = Записать событие
record-for-task = Отметить

## Event types
event-verdict-received = Приговор принят к исполнению
event-order-received = Поступило распоряжение суда
event-employer-received-verdict = Работодатель получил копию приговора
event-released = Освобождён из учреждения
event-arrived = Прибыл в службу
event-registered = Поставлен на учёт
event-reporting-days = Установлены дни явки
event-reported = Явился на регистрацию
event-missed-report = Не явился на регистрацию
event-records-check = Проверен по учётам
event-home-visit = Проверен по месту жительства
event-preventive-talk = Проведена профилактическая беседа
event-workplace-check = Проверен по месту работы
event-guardianship-check = Проверен с органом опеки
event-violation = Выявлено нарушение
event-summoned = Вызван в службу
event-warning = Вынесено письменное предупреждение
event-submission = Представление направлено в суд
event-initial-search-started = Начаты первоначальные розыскные мероприятия
event-wanted-declared = Объявлен в розыск судом
event-search-ended = Розыск прекращён
event-term-extended = Продлён срок пробационного контроля
event-disability-recognised = Признан инвалидом
event-employer-notified = Работодатель уведомлён
event-residence-changed = Сообщил о смене места жительства
event-application = Заявление о досудебной пробации
event-preventive-measure = Избрана мера пресечения
event-testing = Психосоциальное тестирование
event-programme-started = Начата индивидуальная программа помощи
event-removed = Снят с учёта
event-void = Аннулировано исправлением

## Fields of the forms
field-date = Дата
field-kind = Вид нарушения
field-purpose = Цель представления
field-days = Числа месяца
field-valid-reason = По уважительной причине
field-months = Месяцев
field-ground = Основание
field-group = Группа инвалидности
field-notice = Уведомление
field-form = Форма
field-measure = Мера пресечения
field-start = Время начала
field-minutes = Продолжительность, минут
field-tester = Проводил
violation-ordinary = Нарушение
violation-malicious = Злостное нарушение
violation-duty-failure = Неисполнение обязанности, возложенной судом
violation-hiding = Скрылся от контроля
violation-public-order = Нарушение общественного порядка
violation-child-care = Уклонение от воспитания ребёнка
violation-refused-child = Отказ от ребёнка
extension-violation = За нарушение
extension-repeated = Повторное
form-written = Письменно
form-oral = Устно
pmeasure-house-arrest = Домашний арест
pmeasure-custody = Содержание под стражей
pmeasure-other = Иная
tester-psychology = Психолог
tester-pedagogy = Педагог
tester-law = Юрист
tester-other = Иное лицо

## Recording
record-title = Запись события
record-save = Сохранить
record-saved = Сохранено. Ниже — задачи после этого события.
record-closes = Закрывает задачу
record-refused = Не сохранено
record-stale = Дело изменилось, пока форма была открыта: проверьте и отправьте снова
record-confirm-title = Закон не допускает это действие
record-confirm-explain = Если сохранить, событие будет записано и отмечено. Укажите, почему оно записывается.
record-reason = Причина
record-confirm = Сохранить с этой причиной
record-reason-required = Укажите причину, чтобы сохранить недопустимое действие
field-required = обязательно
field-days-format = числа месяца от 1 до 31 через запятую
field-time-format = время, например 09:30
caseload-total = { $count ->
    [one] { $count } дело
    [few] { $count } дела
   *[many] { $count } дел
}
field-number = целое число от { $min } до { $max }
opportunity-from = с { $date }
page-range = { $from }–{ $to } из { $total }
term-years = { $n ->
    [one] { $n } год
    [few] { $n } года
   *[many] { $n } лет
}
term-months = { $n ->
    [one] { $n } месяц
    [few] { $n } месяца
   *[many] { $n } месяцев
}
term-days = { $n ->
    [one] { $n } день
    [few] { $n } дня
   *[many] { $n } дней
}
field-days-hint = например, 5, 20

## The head of service's view
service-title = Сводка по службе
service-unassigned = Не распределены
service-overdue-cases = Дел с просрочкой
service-overdue-title = Просроченные задачи по сотрудникам

## Registering a case
new-title = Постановка на учёт
new-find = Найти человека по ИИН или ФИО
new-none-found = На вашей территории никто не найден: внесите человека ниже
new-person-title = Человек, которого ещё нет в учёте
new-person-submit = Внести человека
new-duplicate = Человек с этим ИИН уже есть в учёте другой территории: обратитесь к администратору области
new-decision = Решение суда
new-case-submit = Поставить на учёт
new-term-format = целое число лет, месяцев, дней
new-iin = ИИН
new-surname = Фамилия
new-given-name = Имя
new-patronymic = Отчество
new-latin-name = ФИО латиницей
new-birth-date = Дата рождения
new-birth-place = Место рождения
new-sex = Пол
new-citizenship = Гражданство
new-line = Адрес
new-address = Адрес
new-since = Проживает с
new-rural = Сельская местность
new-disability-group = Группа инвалидности
new-pregnant = Беременность
new-sole-carer = Одна (один) воспитывает ребёнка
new-military = Военнослужащий
new-children-birth-dates = Даты рождения детей (ГГГГ-ММ-ДД через запятую)
new-kind = Мера
new-juvenile = Несовершеннолетний на момент осуждения
new-term = Срок
new-term-years = Лет
new-term-months = Месяцев
new-term-days = Дней
new-until = Отсрочка до
new-release-date = Дата освобождения
new-hours = Часов общественных работ
new-verdict-in-force = Вступил в законную силу
new-court = Суд
new-verdict-number = Номер решения суда
new-verdict-date = Дата решения
new-received-on = Поступило в службу
new-additional-punishments = Дополнительные наказания
new-officer-id = Сотрудник
new-person-id = Человек
nav-new = Поставить на учёт

## Assignment and transfer
back = Назад
transfer-title = Закрепление и передача
transfer-to = Служба по новому месту жительства
transfer-reason = Основание: новый адрес
transfer-request = Запросить передачу
transfer-waiting = Передача запрошена; дело остаётся здесь, пока служба-получатель не подтвердит получение (G8)
transfer-withdraw = Отозвать запрос
transfer-incoming = Дела, направленные в службу: подтвердите получение
transfer-receive = Подтвердить получение
transfer-from = Откуда
assign-title = Ответственный сотрудник
assign-submit = Закрепить
flags-older = { $count ->
    [one] Ещё { $count } более ранняя отметка — в карточке дела.
    [few] Ещё { $count } более ранние отметки — в карточках дел.
   *[many] Ещё { $count } более ранних отметок — в карточках дел.
}

## Documents (issue 6)
event-document-issued = Выдан документ
doc-kind = Документ
doc-number = №
doc-receipt = Подписка при постановке на учёт
doc-warning = Письменное предупреждение
doc-removal-certificate = Справка о снятии с учёта
doc-submission = Представление в суд
doc-inspection-act = Акт проверки
doc-referral = Направление-справка (общественные работы)
doc-employer-notice = Уведомление основному работодателю
doc-correctional-works-notice = Извещение и инструкция работодателю (исправительные работы)
doc-pretrial-report = Досудебный доклад
doc-programme = Индивидуальная программа социально-правовой помощи
docs-title = Документы
docs-offer = Документы по этому делу
docs-issued = Выданные документы
docs-none = Документы ещё не выдавались.
docs-issue = Выдать документ
docs-lang = Язык документа
docs-download = Открыть PDF
docs-missing = Документ не сформирован: не хватает сведений
docs-from-register = из реестра: исправьте в деле или в карточке лица
docs-register = Сведения из реестра
docs-officer-part = Заполняет сотрудник
docs-lines-hint = Каждый пункт с новой строки
docs-saved = Документ выдан и записан в журнал дела
docs-hash = SHA-256
docs-choose = Выберите документ
docf-number = Номер документа
docf-issued-on = Дата выдачи
docf-service = Служба пробации
docf-officer = Сотрудник
docf-person-name = ФИО
docf-person-iin = ИИН
docf-person-birth-date = Дата рождения
docf-person-address = Место жительства
docf-case-card-number = Учётная карточка №
docf-case-measure = Мера
docf-case-measure-label = Наказание
docf-case-court = Суд
docf-case-verdict-number = Номер приговора
docf-case-verdict-date = Дата приговора
docf-case-in-force = Дата вступления в силу
docf-case-term = Срок
docf-case-start = Начало срока
docf-case-end = Окончание срока
docf-reporting-days = Дни явки
docf-violation-date = Дата нарушения
docf-violation-label = Нарушение
docf-removed-on = Дата снятия с учёта
docf-submission-purpose = Цель представления
docf-submission-court = В какой суд
docf-submission-facts = Обстоятельства (нарушения, неявки, уклонение)
docf-submission-measures-taken = Принятые меры и их результат
docf-submission-attachments = Приложения (справки, рапорт, объяснение)
docf-inspection-place = Место проверки
docf-inspection-period = Проверяемый период
docf-inspection-participants = Участники
docf-inspection-findings = Установлено
docf-work-organisation = Организация, где отбываются работы
docf-work-employer = Работодатель
docf-work-hours = Количество часов
docf-work-deduction-percent = Удержание, %
docf-report-time = Время составления
docf-report-place = Место составления
docf-report-author-post = Должность составителя
docf-report-birth-place = Место рождения
docf-report-citizenship = Гражданство
docf-report-family = Семейное положение
docf-report-occupation = Род занятий
docf-report-education = Образование
docf-report-convictions = Судимость
docf-report-social = Социальная характеристика
docf-report-test-results = Результаты тестирования
docf-report-risk = Оценка риска
docf-report-followed-recommendations = Следование рекомендациям
docf-report-recommendations = Рекомендуемые обязанности и ограничения
docf-report-own-opinion = Мнение самого лица
docf-programme-pretrial-report = 1. Данные досудебного доклада (если был)
docf-programme-behaviour = 2. Поведение в учреждении
docf-programme-claims = 3. Погашение исковых требований
docf-programme-social-ties = 4. Социальные связи
docf-programme-health = 4. Состояние здоровья
docf-programme-education = 4. Уровень образования
docf-programme-skills = 4. Трудовые навыки
docf-programme-rights-awareness = 4. Осведомлённость о правовых механизмах
docf-programme-other = 4. Иные сведения
docf-programme-measures = 5. Конкретные мероприятия до освобождения
docf-programme-after-release = 6. Мероприятия после освобождения (помощь, работа, жильё)
docs-prepare = Документ
