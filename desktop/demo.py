"""The invented «Заречный муниципальный округ» a newcomer explores: built through the same
repositories a user's own data goes through. All names, people and codes are invented."""

from __future__ import annotations

from datetime import date, timedelta

from desktop.models.db import Database, transaction
from desktop.models.office import Office, save_office
from desktop.models.orders import OrderInfo
from desktop.models.roadmaps import ProgressMark, Roadmap, RoadmapsRepository, SectionDraft
from desktop.models.schools import School, SchoolsRepository
from desktop.services.measures import measure_draft

DEMO_OFFICE = Office(
    full_name="Управление образования администрации Заречного муниципального округа",
    short_name="УО Заречного МО",
    address_line="ул. Луговая, д. 12, с. Заречное, 600000; тел. 8 (000) 123-45-67; uo@zarechny.example",
    place="с. Заречное",
    head_position="Начальник управления образования",
    head_name="И. П. Смирнова",
    executor_name="Е. В. Колесникова",
    executor_phone="8 (000) 123-45-70",
)

# (short name, full name, code, kind, settlement, director, phone)
DEMO_SCHOOLS = [
    ("МБОУ «СОШ № 1 с. Заречное»", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 1 с. Заречное»", "edu990101", "СОШ", "с. Заречное", "Андреева Н. В.", "8 (000) 123-11-01"),
    ("МБОУ «СОШ № 2 с. Заречное»", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 2 с. Заречное»", "edu990102", "СОШ", "с. Заречное", "Борисов К. А.", "8 (000) 123-11-02"),
    ("МБОУ «Гимназия им. А. С. Пушкина»", "Муниципальное бюджетное общеобразовательное учреждение «Гимназия имени А. С. Пушкина» г. Приреченска", "edu990103", "Гимназия", "г. Приреченск", "Волкова Т. С.", "8 (000) 124-20-03"),
    ("МБОУ «Лицей № 3»", "Муниципальное бюджетное общеобразовательное учреждение «Лицей № 3» г. Приреченска", "edu990104", "Лицей", "г. Приреченск", "Гусев Д. М.", "8 (000) 124-20-04"),
    ("МБОУ «СОШ № 4 г. Приреченска»", "Муниципальное бюджетное общеобразовательное учреждение «Средняя общеобразовательная школа № 4» г. Приреченска", "edu990105", "СОШ", "г. Приреченск", "Данилова О. П.", "8 (000) 124-20-05"),
    ("МКОУ «СОШ с. Берёзовка»", "Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа с. Берёзовка»", "edu990106", "СОШ", "с. Берёзовка", "Егоров В. Н.", "8 (000) 125-31-06"),
    ("МКОУ «СОШ с. Каменка»", "Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа с. Каменка»", "edu990107", "СОШ", "с. Каменка", "Жукова Л. И.", "8 (000) 125-31-07"),
    ("МКОУ «СОШ с. Луговое»", "Муниципальное казённое общеобразовательное учреждение «Средняя общеобразовательная школа с. Луговое»", "edu990108", "СОШ", "с. Луговое", "Зайцев Р. Ю.", "8 (000) 125-31-08"),
    ("МКОУ «ООШ д. Осиновка»", "Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа д. Осиновка»", "edu990109", "ООШ", "д. Осиновка", "Ильина С. Г.", "8 (000) 126-40-09"),
    ("МКОУ «ООШ с. Ключи»", "Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа с. Ключи»", "edu990110", "ООШ", "с. Ключи", "Карпов А. Е.", "8 (000) 126-40-10"),
    ("МКОУ «ООШ п. Лесной»", "Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа п. Лесной»", "edu990111", "ООШ", "п. Лесной", "Лебедева М. А.", "8 (000) 126-40-11"),
    ("МКОУ «НОШ д. Ручьи»", "Муниципальное казённое общеобразовательное учреждение «Начальная общеобразовательная школа д. Ручьи»", "edu990112", "НОШ", "д. Ручьи", "Морозова Е. Ф.", "8 (000) 127-50-12"),
    ("МКОУ «НОШ д. Сосновка»", "Муниципальное казённое общеобразовательное учреждение «Начальная общеобразовательная школа д. Сосновка»", "edu990113", "НОШ", "д. Сосновка", "Никитина Ю. В.", "8 (000) 127-50-13"),
    ("МБОУ «Школа-интернат с. Заречное»", "Муниципальное бюджетное общеобразовательное учреждение «Школа-интернат среднего общего образования с. Заречное»", "edu990114", "Школа-интернат", "с. Заречное", "Орлов П. С.", "8 (000) 123-11-14"),
]


def demo_plan(first: int) -> list[tuple[str, str, list[tuple[str, str, str, str]]]]:
    """Sections of (number, title, measures of (text, deadline as written, participants, responsible))
    for the academic year that starts in September of `first`."""
    second = first + 1
    return [
        ("1.", "Нормативное и организационное обеспечение", [
            ("Разработка и утверждение плана мероприятий по обеспечению объективности оценочных процедур",
             f"до 15 сентября {first} г.", "", "Управление образования"),
            ("Назначение муниципальных координаторов ВПР и ГИА", f"Срок: до 25.09.{first}", "",
             "Управление образования, Колесникова Е. В."),
            ("Утверждение графика проведения муниципальных контрольных работ", f"октябрь {first} г.",
             "Руководители ОО", "МКУ «ИМЦ»"),
            ("Разработка школьных планов по повышению объективности оценивания",
             f"до 1 ноября {first} г.", "Руководители ОО", "Руководители ОО"),
        ]),
        ("2.", "Анализ результатов оценочных процедур", [
            ("Анализ результатов ВПР прошлого года по школам и предметам", f"сентябрь-октябрь {first} г.",
             "Заместители директора по УВР", "МКУ «ИМЦ», Петрова А. А."),
            ("Выявление школ с признаками необъективности результатов", f"до 20.10.{first}", "",
             "Управление образования"),
            ("Совещание с руководителями ОО по итогам анализа", "По плану УО", "Руководители ОО",
             "Управление образования"),
            ("Мониторинг выполнения школьных планов", f"ноябрь {first} г., март {second} г.", "",
             "МКУ «ИМЦ»"),
            ("Подготовка аналитической справки для коллегии", f"до 10 декабря {first} г.", "",
             "МКУ «ИМЦ», Петрова А. А."),
        ]),
        ("3.", "Методическое сопровождение", [
            ("Семинар для заместителей директора «Критериальное оценивание»", f"ноябрь {first} г.",
             "Заместители директора по УВР", "МКУ «ИМЦ»"),
            ("Работа муниципальных методических объединений учителей-предметников",
             f"в течение {first}-{second} уч. г.", "Учителя-предметники", "Руководители ММО"),
            ("Курсы повышения квалификации по оцениванию", f"I квартал {second} года", "Учителя",
             "МКУ «ИМЦ»"),
            ("Консультации для учителей школ с низкими результатами", "постоянно", "Учителя",
             "МКУ «ИМЦ»"),
        ]),
        ("4.", "Проведение оценочных процедур", [
            ("Обучение общественных наблюдателей", f"февраль-март {second} г.", "Общественные наблюдатели",
             "Управление образования"),
            ("Проведение ВПР с присутствием независимых наблюдателей", "По графику проведения ВПР",
             "Обучающиеся 4-8, 10 классов", "Руководители ОО"),
            ("Перепроверка работ ВПР школ с признаками необъективности", f"апрель-май {second} г.", "",
             "МКУ «ИМЦ»"),
            ("Муниципальные контрольные работы по математике в 6 и 8 классах",
             f"15-20 декабря {first} г.", "Обучающиеся 6, 8 классов", "Руководители ОО"),
            ("Отчёт об исполнении дорожной карты", f"до 30.06.{second}", "", "Управление образования"),
        ]),
    ]


def _build_demo_roadmap(db: Database, today: date) -> None:
    first = today.year if today.month >= 9 else today.year - 1
    period = (date(first, 9, 1), date(first + 1, 8, 31))
    order = OrderInfo("ПРИКАЗ", "112-од", date(first, 8, 29),
                      f"Об утверждении дорожной карты по обеспечению объективности оценочных процедур "
                      f"на {first}-{first + 1} учебный год", "подписан")
    sections = []
    for number, title, measures in demo_plan(first):
        section = SectionDraft(number, title)
        for index, (text, deadline, participants, responsible) in enumerate(measures, start=1):
            draft, _ = measure_draft(text, number=f"{number}{index}.", deadline_text=deadline,
                                     participants=participants, responsible=responsible,
                                     period=period, issued=order.date)
            section.measures.append(draft)
        sections.append(section)
    repository = RoadmapsRepository(db)
    roadmap_id = repository.create(
        Roadmap(f"План мероприятий (дорожная карта) по обеспечению объективности оценочных процедур "
                f"в Заречном муниципальном округе на {first}-{first + 1} учебный год",
                period[0], period[1], "manual", order),
        sections,
    )
    # What was due is mostly done; every fourth of it is left overdue, and work due soon is under way.
    for count, measure in enumerate(m for m in repository.measures(roadmap_id) if m.due):
        if measure.due < today and count % 4 != 3:
            repository.mark(ProgressMark(measure.id, "done", measure.due - timedelta(days=2), DEMO_OFFICE.executor_name,
                                         "Приказ и справка размещены на сайте управления"))
        elif measure.next_due(today) and (measure.next_due(today) - today).days <= 30:
            repository.mark(ProgressMark(measure.id, "in_progress", today - timedelta(days=3), DEMO_OFFICE.executor_name))


def build_demo(db: Database, today: date | None = None, *, with_results: bool = True) -> None:
    """Fill a freshly migrated database with the demo district, all in one transaction.
    `with_results=False` leaves the results out (for tests that load their own)."""
    with transaction(db):
        save_office(db, DEMO_OFFICE)
        schools = SchoolsRepository(db)
        for short, full, code, kind, settlement, director, phone in DEMO_SCHOOLS:
            schools.add(School(short, full, code, kind, settlement, director, phone))
        schools.add(
            School(
                "МКОУ «ООШ д. Заозёрье»",
                "Муниципальное казённое общеобразовательное учреждение «Основная общеобразовательная школа д. Заозёрье»",
                None, "ООШ", "д. Заозёрье", "", "", active=False,
                note="Реорганизована в 2025 году, присоединена к МКОУ «СОШ с. Каменка»",
            )
        )
        _build_demo_roadmap(db, today or date.today())
        if with_results:
            from desktop.demo_results import build_demo_results

            build_demo_results(db, today or date.today())
