"""Where the demo diaspora lives: countries by community size, and real cities in each."""

from typing import NamedTuple


class Place(NamedTuple):
    en: str  # city name in English
    az: str  # in Azerbaijani Latin
    ru: str  # in Russian
    lat: float
    lon: float
    tz: str  # IANA time zone, e.g. "Europe/Berlin"


# ISO 3166-1 alpha-2 codes, largest Azerbaijani community first; the homeland is not here.
# The first 24 countries have four cities each, capital or main community city first.
COUNTRIES: dict[str, tuple[Place, ...]] = {
    "RU": (
        Place("Moscow", "Moskva", "Москва", 55.76, 37.62, "Europe/Moscow"),
        Place(
            "Saint Petersburg", "Sankt-Peterburq", "Санкт-Петербург", 59.94, 30.31, "Europe/Moscow"
        ),
        Place("Yekaterinburg", "Yekaterinburq", "Екатеринбург", 56.84, 60.61, "Asia/Yekaterinburg"),
        Place("Novosibirsk", "Novosibirsk", "Новосибирск", 55.03, 82.92, "Asia/Novosibirsk"),
    ),
    "TR": (
        Place("Istanbul", "İstanbul", "Стамбул", 41.01, 28.98, "Europe/Istanbul"),
        Place("Ankara", "Ankara", "Анкара", 39.93, 32.86, "Europe/Istanbul"),
        Place("Igdir", "İğdır", "Ыгдыр", 39.92, 44.05, "Europe/Istanbul"),
        Place("Kars", "Qars", "Карс", 40.60, 43.10, "Europe/Istanbul"),
    ),
    "UA": (
        Place("Kyiv", "Kiyev", "Киев", 50.45, 30.52, "Europe/Kyiv"),
        Place("Kharkiv", "Xarkov", "Харьков", 49.99, 36.23, "Europe/Kyiv"),
        Place("Odesa", "Odessa", "Одесса", 46.48, 30.72, "Europe/Kyiv"),
        Place("Dnipro", "Dnepr", "Днепр", 48.46, 35.05, "Europe/Kyiv"),
    ),
    "KZ": (
        Place("Astana", "Astana", "Астана", 51.17, 71.43, "Asia/Almaty"),
        Place("Almaty", "Almatı", "Алматы", 43.24, 76.89, "Asia/Almaty"),
        Place("Shymkent", "Şımkənd", "Шымкент", 42.32, 69.59, "Asia/Almaty"),
        Place("Taraz", "Taraz", "Тараз", 42.90, 71.37, "Asia/Almaty"),
    ),
    "GE": (
        Place("Tbilisi", "Tbilisi", "Тбилиси", 41.72, 44.79, "Asia/Tbilisi"),
        Place("Marneuli", "Marneuli", "Марнеули", 41.48, 44.81, "Asia/Tbilisi"),
        Place("Rustavi", "Rustavi", "Рустави", 41.55, 45.00, "Asia/Tbilisi"),
        Place("Gardabani", "Qardabani", "Гардабани", 41.46, 45.09, "Asia/Tbilisi"),
    ),
    "US": (
        Place("New York", "Nyu-York", "Нью-Йорк", 40.71, -74.01, "America/New_York"),
        Place("Los Angeles", "Los-Anceles", "Лос-Анджелес", 34.05, -118.24, "America/Los_Angeles"),
        Place("Houston", "Hyuston", "Хьюстон", 29.76, -95.37, "America/Chicago"),
        Place("Washington", "Vaşinqton", "Вашингтон", 38.91, -77.04, "America/New_York"),
    ),
    "DE": (
        Place("Berlin", "Berlin", "Берлин", 52.52, 13.40, "Europe/Berlin"),
        Place("Cologne", "Köln", "Кёльн", 50.94, 6.96, "Europe/Berlin"),
        Place("Hamburg", "Hamburq", "Гамбург", 53.55, 9.99, "Europe/Berlin"),
        Place("Munich", "Münhen", "Мюнхен", 48.14, 11.58, "Europe/Berlin"),
    ),
    "IR": (
        Place("Tehran", "Tehran", "Тегеран", 35.69, 51.39, "Asia/Tehran"),
        Place("Tabriz", "Təbriz", "Тебриз", 38.08, 46.29, "Asia/Tehran"),
        Place("Ardabil", "Ərdəbil", "Ардебиль", 38.25, 48.29, "Asia/Tehran"),
        Place("Urmia", "Urmiya", "Урмия", 37.55, 45.08, "Asia/Tehran"),
    ),
    "UZ": (
        Place("Tashkent", "Daşkənd", "Ташкент", 41.30, 69.24, "Asia/Tashkent"),
        Place("Samarkand", "Səmərqənd", "Самарканд", 39.65, 66.96, "Asia/Samarkand"),
        Place("Bukhara", "Buxara", "Бухара", 39.77, 64.42, "Asia/Samarkand"),
        Place("Fergana", "Fərqanə", "Фергана", 40.38, 71.79, "Asia/Tashkent"),
    ),
    "GB": (
        Place("London", "London", "Лондон", 51.51, -0.13, "Europe/London"),
        Place("Manchester", "Mançester", "Манчестер", 53.48, -2.24, "Europe/London"),
        Place("Birmingham", "Birminhem", "Бирмингем", 52.49, -1.89, "Europe/London"),
        Place("Edinburgh", "Edinburq", "Эдинбург", 55.95, -3.19, "Europe/London"),
    ),
    "FR": (
        Place("Paris", "Paris", "Париж", 48.86, 2.35, "Europe/Paris"),
        Place("Strasbourg", "Strasburq", "Страсбург", 48.57, 7.75, "Europe/Paris"),
        Place("Lyon", "Lion", "Лион", 45.76, 4.84, "Europe/Paris"),
        Place("Marseille", "Marsel", "Марсель", 43.30, 5.37, "Europe/Paris"),
    ),
    "NL": (
        Place("Amsterdam", "Amsterdam", "Амстердам", 52.37, 4.90, "Europe/Amsterdam"),
        Place("The Hague", "Haaqa", "Гаага", 52.08, 4.30, "Europe/Amsterdam"),
        Place("Rotterdam", "Rotterdam", "Роттердам", 51.92, 4.48, "Europe/Amsterdam"),
        Place("Utrecht", "Utrext", "Утрехт", 52.09, 5.12, "Europe/Amsterdam"),
    ),
    "IL": (
        Place("Tel Aviv", "Təl-Əviv", "Тель-Авив", 32.09, 34.78, "Asia/Jerusalem"),
        Place("Haifa", "Hayfa", "Хайфа", 32.79, 34.99, "Asia/Jerusalem"),
        Place("Hadera", "Hadera", "Хадера", 32.43, 34.92, "Asia/Jerusalem"),
        Place("Ashdod", "Aşdod", "Ашдод", 31.80, 34.65, "Asia/Jerusalem"),
    ),
    "BY": (
        Place("Minsk", "Minsk", "Минск", 53.90, 27.57, "Europe/Minsk"),
        Place("Gomel", "Homel", "Гомель", 52.43, 30.98, "Europe/Minsk"),
        Place("Brest", "Brest", "Брест", 52.10, 23.73, "Europe/Minsk"),
        Place("Vitebsk", "Vitebsk", "Витебск", 55.19, 30.20, "Europe/Minsk"),
    ),
    "CA": (
        Place("Toronto", "Toronto", "Торонто", 43.65, -79.38, "America/Toronto"),
        Place("Montreal", "Monreal", "Монреаль", 45.50, -73.57, "America/Toronto"),
        Place("Vancouver", "Vankuver", "Ванкувер", 49.28, -123.12, "America/Vancouver"),
        Place("Calgary", "Kalqari", "Калгари", 51.05, -114.07, "America/Edmonton"),
    ),
    "SE": (
        Place("Stockholm", "Stokholm", "Стокгольм", 59.33, 18.07, "Europe/Stockholm"),
        Place("Gothenburg", "Göteborq", "Гётеборг", 57.71, 11.97, "Europe/Stockholm"),
        Place("Malmö", "Malmö", "Мальмё", 55.60, 13.00, "Europe/Stockholm"),
        Place("Uppsala", "Uppsala", "Уппсала", 59.86, 17.64, "Europe/Stockholm"),
    ),
    "AT": (
        Place("Vienna", "Vyana", "Вена", 48.21, 16.37, "Europe/Vienna"),
        Place("Salzburg", "Zalsburq", "Зальцбург", 47.81, 13.06, "Europe/Vienna"),
        Place("Graz", "Qrats", "Грац", 47.07, 15.44, "Europe/Vienna"),
        Place("Linz", "Lints", "Линц", 48.31, 14.29, "Europe/Vienna"),
    ),
    "BE": (
        Place("Brussels", "Brüssel", "Брюссель", 50.85, 4.35, "Europe/Brussels"),
        Place("Antwerp", "Antverpen", "Антверпен", 51.22, 4.40, "Europe/Brussels"),
        Place("Ghent", "Gent", "Гент", 51.05, 3.72, "Europe/Brussels"),
        Place("Liège", "Lyej", "Льеж", 50.63, 5.57, "Europe/Brussels"),
    ),
    "IT": (
        Place("Rome", "Roma", "Рим", 41.90, 12.50, "Europe/Rome"),
        Place("Milan", "Milan", "Милан", 45.46, 9.19, "Europe/Rome"),
        Place("Turin", "Turin", "Турин", 45.07, 7.69, "Europe/Rome"),
        Place("Naples", "Neapol", "Неаполь", 40.85, 14.27, "Europe/Rome"),
    ),
    "PL": (
        Place("Warsaw", "Varşava", "Варшава", 52.23, 21.01, "Europe/Warsaw"),
        Place("Kraków", "Krakov", "Краков", 50.06, 19.94, "Europe/Warsaw"),
        Place("Wrocław", "Vrotslav", "Вроцлав", 51.11, 17.04, "Europe/Warsaw"),
        Place("Gdańsk", "Qdansk", "Гданьск", 54.35, 18.65, "Europe/Warsaw"),
    ),
    "ES": (
        Place("Madrid", "Madrid", "Мадрид", 40.42, -3.70, "Europe/Madrid"),
        Place("Barcelona", "Barselona", "Барселона", 41.39, 2.17, "Europe/Madrid"),
        Place("Valencia", "Valensiya", "Валенсия", 39.47, -0.38, "Europe/Madrid"),
        Place("Málaga", "Malaqa", "Малага", 36.72, -4.42, "Europe/Madrid"),
    ),
    "CH": (
        Place("Bern", "Bern", "Берн", 46.95, 7.45, "Europe/Zurich"),
        Place("Zurich", "Sürix", "Цюрих", 47.37, 8.54, "Europe/Zurich"),
        Place("Geneva", "Cenevrə", "Женева", 46.20, 6.15, "Europe/Zurich"),
        Place("Basel", "Bazel", "Базель", 47.56, 7.59, "Europe/Zurich"),
    ),
    "NO": (
        Place("Oslo", "Oslo", "Осло", 59.91, 10.75, "Europe/Oslo"),
        Place("Bergen", "Bergen", "Берген", 60.39, 5.32, "Europe/Oslo"),
        Place("Stavanger", "Stavanger", "Ставангер", 58.97, 5.73, "Europe/Oslo"),
        Place("Trondheim", "Trondheym", "Тронхейм", 63.43, 10.40, "Europe/Oslo"),
    ),
    "KG": (
        Place("Bishkek", "Bişkek", "Бишкек", 42.87, 74.59, "Asia/Bishkek"),
        Place("Osh", "Oş", "Ош", 40.53, 72.80, "Asia/Bishkek"),
        Place("Tokmok", "Tokmok", "Токмок", 42.84, 75.29, "Asia/Bishkek"),
        Place("Jalal-Abad", "Cəlalabad", "Джалал-Абад", 40.93, 73.00, "Asia/Bishkek"),
    ),
    "TM": (
        Place("Ashgabat", "Aşqabad", "Ашхабад", 37.95, 58.38, "Asia/Ashgabat"),
        Place("Turkmenbashi", "Türkmənbaşı", "Туркменбаши", 40.02, 52.96, "Asia/Ashgabat"),
    ),
    "AE": (
        Place("Dubai", "Dubay", "Дубай", 25.20, 55.27, "Asia/Dubai"),
        Place("Abu Dhabi", "Əbu-Dabi", "Абу-Даби", 24.45, 54.38, "Asia/Dubai"),
        Place("Sharjah", "Şarqa", "Шарджа", 25.35, 55.39, "Asia/Dubai"),
    ),
    "LV": (
        Place("Riga", "Riqa", "Рига", 56.95, 24.11, "Europe/Riga"),
        Place("Daugavpils", "Dauqavpils", "Даугавпилс", 55.87, 26.54, "Europe/Riga"),
    ),
    "AU": (
        Place("Sydney", "Sidney", "Сидней", -33.87, 151.21, "Australia/Sydney"),
        Place("Melbourne", "Melburn", "Мельбурн", -37.81, 144.96, "Australia/Melbourne"),
        Place("Perth", "Pert", "Перт", -31.95, 115.86, "Australia/Perth"),
    ),
    "LT": (
        Place("Vilnius", "Vilnüs", "Вильнюс", 54.69, 25.28, "Europe/Vilnius"),
        Place("Kaunas", "Kaunas", "Каунас", 54.90, 23.90, "Europe/Vilnius"),
    ),
    "EE": (
        Place("Tallinn", "Tallin", "Таллин", 59.44, 24.75, "Europe/Tallinn"),
        Place("Narva", "Narva", "Нарва", 59.38, 28.19, "Europe/Tallinn"),
    ),
    "CZ": (
        Place("Prague", "Praqa", "Прага", 50.08, 14.44, "Europe/Prague"),
        Place("Brno", "Brno", "Брно", 49.20, 16.61, "Europe/Prague"),
    ),
    "MD": (Place("Chișinău", "Kişinyov", "Кишинёв", 47.01, 28.86, "Europe/Chisinau"),),
    "IQ": (
        Place("Baghdad", "Bağdad", "Багдад", 33.31, 44.36, "Asia/Baghdad"),
        Place("Kirkuk", "Kərkük", "Киркук", 35.47, 44.39, "Asia/Baghdad"),
        Place("Erbil", "Ərbil", "Эрбиль", 36.19, 44.01, "Asia/Baghdad"),
    ),
    "RO": (
        Place("Bucharest", "Buxarest", "Бухарест", 44.43, 26.10, "Europe/Bucharest"),
        Place("Constanța", "Konstansa", "Констанца", 44.18, 28.63, "Europe/Bucharest"),
    ),
    "BG": (
        Place("Sofia", "Sofiya", "София", 42.70, 23.32, "Europe/Sofia"),
        Place("Varna", "Varna", "Варна", 43.21, 27.91, "Europe/Sofia"),
        Place("Plovdiv", "Plovdiv", "Пловдив", 42.14, 24.75, "Europe/Sofia"),
    ),
    "HU": (
        Place("Budapest", "Budapeşt", "Будапешт", 47.50, 19.04, "Europe/Budapest"),
        Place("Debrecen", "Debretsen", "Дебрецен", 47.53, 21.63, "Europe/Budapest"),
    ),
    "GR": (
        Place("Athens", "Afina", "Афины", 37.98, 23.73, "Europe/Athens"),
        Place("Thessaloniki", "Saloniki", "Салоники", 40.64, 22.94, "Europe/Athens"),
    ),
    "FI": (
        Place("Helsinki", "Helsinki", "Хельсинки", 60.17, 24.94, "Europe/Helsinki"),
        Place("Tampere", "Tampere", "Тампере", 61.50, 23.76, "Europe/Helsinki"),
        Place("Turku", "Turku", "Турку", 60.45, 22.27, "Europe/Helsinki"),
    ),
    "DK": (
        Place("Copenhagen", "Kopenhagen", "Копенгаген", 55.68, 12.57, "Europe/Copenhagen"),
        Place("Aarhus", "Orhus", "Орхус", 56.16, 10.20, "Europe/Copenhagen"),
    ),
    "TJ": (
        Place("Dushanbe", "Düşənbə", "Душанбе", 38.56, 68.79, "Asia/Dushanbe"),
        Place("Khujand", "Xocənd", "Худжанд", 40.28, 69.63, "Asia/Dushanbe"),
    ),
    "AF": (
        Place("Kabul", "Kabil", "Кабул", 34.53, 69.17, "Asia/Kabul"),
        Place("Mazar-i-Sharif", "Məzari-Şərif", "Мазари-Шариф", 36.71, 67.11, "Asia/Kabul"),
    ),
    "IE": (
        Place("Dublin", "Dublin", "Дублин", 53.35, -6.26, "Europe/Dublin"),
        Place("Cork", "Kork", "Корк", 51.90, -8.47, "Europe/Dublin"),
    ),
    "PT": (
        Place("Lisbon", "Lissabon", "Лиссабон", 38.72, -9.14, "Europe/Lisbon"),
        Place("Porto", "Portu", "Порту", 41.15, -8.61, "Europe/Lisbon"),
    ),
    "SA": (
        Place("Riyadh", "Ər-Riyad", "Эр-Рияд", 24.71, 46.68, "Asia/Riyadh"),
        Place("Jeddah", "Ciddə", "Джидда", 21.49, 39.19, "Asia/Riyadh"),
    ),
    "QA": (Place("Doha", "Doha", "Доха", 25.29, 51.53, "Asia/Qatar"),),
    "SK": (
        Place("Bratislava", "Bratislava", "Братислава", 48.15, 17.11, "Europe/Bratislava"),
        Place("Košice", "Koşitse", "Кошице", 48.72, 21.26, "Europe/Bratislava"),
    ),
    "HR": (
        Place("Zagreb", "Zaqreb", "Загреб", 45.81, 15.98, "Europe/Zagreb"),
        Place("Split", "Split", "Сплит", 43.51, 16.44, "Europe/Zagreb"),
    ),
    "RS": (
        Place("Belgrade", "Belqrad", "Белград", 44.79, 20.45, "Europe/Belgrade"),
        Place("Novi Sad", "Novi-Sad", "Нови-Сад", 45.27, 19.83, "Europe/Belgrade"),
    ),
    "SI": (Place("Ljubljana", "Lyublyana", "Любляна", 46.06, 14.51, "Europe/Ljubljana"),),
    "LU": (Place("Luxembourg", "Lüksemburq", "Люксембург", 49.61, 6.13, "Europe/Luxembourg"),),
    "KW": (Place("Kuwait City", "Əl-Küveyt", "Эль-Кувейт", 29.38, 47.99, "Asia/Kuwait"),),
    "EG": (
        Place("Cairo", "Qahirə", "Каир", 30.04, 31.24, "Africa/Cairo"),
        Place("Alexandria", "İsgəndəriyyə", "Александрия", 31.20, 29.92, "Africa/Cairo"),
    ),
    "JO": (Place("Amman", "Amman", "Амман", 31.95, 35.93, "Asia/Amman"),),
    "LB": (Place("Beirut", "Beyrut", "Бейрут", 33.89, 35.50, "Asia/Beirut"),),
    "PK": (
        Place("Islamabad", "İslamabad", "Исламабад", 33.68, 73.05, "Asia/Karachi"),
        Place("Karachi", "Karaçi", "Карачи", 24.86, 67.01, "Asia/Karachi"),
        Place("Lahore", "Lahor", "Лахор", 31.55, 74.34, "Asia/Karachi"),
    ),
    "IN": (
        Place("New Delhi", "Yeni Dehli", "Нью-Дели", 28.61, 77.21, "Asia/Kolkata"),
        Place("Mumbai", "Mumbay", "Мумбаи", 19.08, 72.88, "Asia/Kolkata"),
    ),
    "CN": (
        Place("Beijing", "Pekin", "Пекин", 39.90, 116.41, "Asia/Shanghai"),
        Place("Shanghai", "Şanxay", "Шанхай", 31.23, 121.47, "Asia/Shanghai"),
    ),
    "JP": (
        Place("Tokyo", "Tokio", "Токио", 35.68, 139.69, "Asia/Tokyo"),
        Place("Osaka", "Osaka", "Осака", 34.69, 135.50, "Asia/Tokyo"),
    ),
    "KR": (
        Place("Seoul", "Seul", "Сеул", 37.57, 126.98, "Asia/Seoul"),
        Place("Busan", "Pusan", "Пусан", 35.18, 129.08, "Asia/Seoul"),
    ),
    "MY": (
        Place("Kuala Lumpur", "Kuala-Lumpur", "Куала-Лумпур", 3.14, 101.69, "Asia/Kuala_Lumpur"),
    ),
    "SG": (Place("Singapore", "Sinqapur", "Сингапур", 1.35, 103.82, "Asia/Singapore"),),
    "TH": (Place("Bangkok", "Banqkok", "Бангкок", 13.76, 100.50, "Asia/Bangkok"),),
    "ID": (Place("Jakarta", "Cakarta", "Джакарта", -6.21, 106.85, "Asia/Jakarta"),),
    "NZ": (
        Place("Auckland", "Oklend", "Окленд", -36.85, 174.76, "Pacific/Auckland"),
        Place("Wellington", "Vellinqton", "Веллингтон", -41.29, 174.78, "Pacific/Auckland"),
    ),
    "BR": (
        Place("São Paulo", "San-Paulu", "Сан-Паулу", -23.55, -46.63, "America/Sao_Paulo"),
        Place("Brasília", "Braziliya", "Бразилиа", -15.79, -47.88, "America/Sao_Paulo"),
        Place(
            "Rio de Janeiro",
            "Rio-de-Janeyro",
            "Рио-де-Жанейро",
            -22.91,
            -43.17,
            "America/Sao_Paulo",
        ),
    ),
    "AR": (
        Place(
            "Buenos Aires",
            "Buenos-Ayres",
            "Буэнос-Айрес",
            -34.60,
            -58.38,
            "America/Argentina/Buenos_Aires",
        ),
    ),
    "MX": (Place("Mexico City", "Mexiko", "Мехико", 19.43, -99.13, "America/Mexico_City"),),
    "CL": (Place("Santiago", "Santyaqo", "Сантьяго", -33.45, -70.67, "America/Santiago"),),
    "CO": (Place("Bogotá", "Boqota", "Богота", 4.71, -74.07, "America/Bogota"),),
    "ZA": (
        Place("Pretoria", "Pretoriya", "Претория", -25.75, 28.19, "Africa/Johannesburg"),
        Place("Johannesburg", "Yohannesburq", "Йоханнесбург", -26.20, 28.05, "Africa/Johannesburg"),
        Place("Cape Town", "Keyptaun", "Кейптаун", -33.92, 18.42, "Africa/Johannesburg"),
    ),
    "NG": (
        Place("Abuja", "Abuca", "Абуджа", 9.08, 7.40, "Africa/Lagos"),
        Place("Lagos", "Laqos", "Лагос", 6.52, 3.38, "Africa/Lagos"),
    ),
    "MA": (
        Place("Rabat", "Rabat", "Рабат", 34.02, -6.84, "Africa/Casablanca"),
        Place("Casablanca", "Kasablanka", "Касабланка", 33.57, -7.59, "Africa/Casablanca"),
    ),
    "DZ": (Place("Algiers", "Əlcəzair", "Алжир", 36.75, 3.06, "Africa/Algiers"),),
    "TN": (Place("Tunis", "Tunis", "Тунис", 36.81, 10.18, "Africa/Tunis"),),
    "CY": (Place("Nicosia", "Lefkoşa", "Никосия", 35.17, 33.36, "Asia/Nicosia"),),
    "OM": (Place("Muscat", "Məskət", "Маскат", 23.59, 58.41, "Asia/Muscat"),),
    "BH": (Place("Manama", "Manama", "Манама", 26.23, 50.59, "Asia/Bahrain"),),
    "MN": (Place("Ulaanbaatar", "Ulan-Bator", "Улан-Батор", 47.92, 106.92, "Asia/Ulaanbaatar"),),
}
