"""Every problem a clerk can be told about, in Polish, in one table.

`make check`, the build and the history pass report problems as
`plik:linia: co jest źle — jak to poprawić`. The words of each live here,
not where the problem is found: code names a message by its key and gives
the values to fill in (`say("date_in_future", key=..., date=...)`), so one
table shows everything a clerk can read, a change of wording is one edit,
and the docs test checks that the clerk's guide explains every message
(docs/dla-redaktorow.md, "Komunikaty o błędach": `guide` is the first cell
of the row that does). A message that only wraps another one (a field's
name before the value's message) has no row of its own: its text holds
the other message as `{message}`.

Values are filled in with str.format; braces meant literally are doubled.
Values a clerk wrote are quoted as they are: `Problem.__str__` makes every
control character visible before anything is printed.
"""

from __future__ import annotations

from dataclasses import dataclass

ERROR = "błąd"
WARNING = "ostrzeżenie"


@dataclass(frozen=True)
class Message:
    """The words of one problem: what is wrong, how to fix it, its weight."""

    text: str
    hint: str
    guide: str = ""  # its row in the clerk's guide; "" for a wrapper
    severity: str = ERROR


@dataclass(frozen=True)
class Said:
    """A message with its values filled in, ready to be placed at a line."""

    code: str
    message: str
    hint: str
    severity: str


def say(code: str, **values: object) -> Said:
    """The message `code` with `values` filled in.

    >>> say("empty_body").message
    'dokument nie ma treści'
    >>> say("date_in_future", key="data_wytworzenia", date="2099-01-01").message
    'data_wytworzenia 2099-01-01 jest z przyszłości'
    """
    entry = MESSAGES[code]
    return Said(
        code,
        entry.text.format(**values),
        entry.hint.format(**values),
        entry.severity,
    )


def wrap(code: str, said: Said, **values: object) -> Said:
    """Another message inside the wrapper `code`; it keeps its key and weight.

    >>> wrap("field_invalid", say("empty_text"), key="tytul").message
    'tytul: wartość jest pusta'
    """
    found = say(code, message=said.message, hint=said.hint, **values)
    return Said(said.code, found.message, found.hint, said.severity)


# The guide's row for the `edytor` section of bip.yaml.
_EDITOR_ROW = "… nie jest nazwą repozytorium / … nie jest wartością true ani false"

# Hints shared by several messages.
_YAML = (
    "sprawdź wcięcia (spacje, nie tabulatory) i dwukropki; wartość "
    "zawierającą dwukropek lub cudzysłów ujmij w cudzysłów"
)
_INVISIBLE = (
    "usuń ten niewidoczny znak (zwykle przychodzi z tekstem wklejonym z PDF "
    "lub e-maila): "
)
_PERSON = (
    "wpisz dwie wcięte linie pod kluczem: „osoba: Anna Nowak” i „funkcja: "
    "Sekretarz Miasta”"
)
_ATTACHMENTS = (
    "wpisz listę wciętych pozycji: „- plik: regulamin.pdf” i pod nią "
    "„opis: Regulamin naboru”"
)
# How to write a value made of sub-keys (the hint of its problems).
EXAMPLES = {
    "person": _PERSON,
    "attachment": _ATTACHMENTS,
    "restriction": "wpisz wszystkie trzy podklucze: zakres, podstawa_prawna, kto",
}
_THESAURUS = "zobacz wzór: plugins/bip_search/tezaurus.yaml w repozytorium"
_ADDRESS = (
    "… nie jest pełnym adresem strony / adresem e-mail / numerem telefonu "
    "(`bip.yaml`, deklaracja)"
)

MESSAGES: dict[str, Message] = {
    # The file itself: encoding, size, kind, name.
    "not_utf8": Message(
        "plik nie jest zapisany w kodowaniu UTF-8 (bajt 0x{byte:02X})",
        "zapisz plik ponownie jako UTF-8 (w edytorze: Zapisz jako → "
        "Kodowanie: UTF-8); polskie znaki z Windows-1250 trzeba przekodować",
        "plik nie jest zapisany w kodowaniu UTF-8",
    ),
    "bad_name": Message(
        "niedozwolona nazwa „{name}”",
        "zmień ją na „{fixed}”: {rule}",
        "niedozwolona nazwa „…” — zmień ją na „…”",
    ),
    "misnamed_file": Message(
        "ma niedozwoloną nazwę",
        "zmień nazwę pliku na „{fixed}” i wpisz ją tutaj",
        "niedozwolona nazwa „…” — zmień ją na „…”",
    ),
    "symlink": Message(
        "dowiązanie symboliczne (link) zamiast pliku: nie zostanie opublikowane",
        "zastąp je zwykłym plikiem (kopią); w repozytorium dokumentów nie może "
        "być dowiązań, bo mogłyby opublikować pliki serwera",
        "dowiązanie symboliczne (link) zamiast pliku",
    ),
    "special_file": Message(
        "plik specjalny (urządzenie, potok lub gniazdo), a nie zwykły plik",
        "usuń go z folderu dokumentów",
        "plik specjalny (urządzenie, potok lub gniazdo)",
    ),
    "unreadable_folder": Message(
        "nie można odczytać folderu ({reason})",
        "sprawdź uprawnienia",
        "nie można odczytać folderu / pliku",
    ),
    "unreadable_file": Message(
        "nie można otworzyć pliku ({reason})",
        "sprawdź uprawnienia",
        "nie można odczytać folderu / pliku",
    ),
    "file_too_large": Message(
        "ma {size}, więcej niż dozwolone {most}",
        "zmniejsz plik (np. zapisz skan w niższej rozdzielczości) albo podziel go",
        "plik ma … MB, więcej niż dozwolone …",
    ),
    "read_too_large": Message(
        "plik ma {size}, więcej niż dozwolone {most}",
        "zmniejsz plik albo podziel go",
        "plik ma … MB, więcej niż dozwolone …",
    ),
    "grew_reading": Message(
        "plik urósł w trakcie czytania ponad {most}",
        "zbuduj serwis ponownie, gdy nikt nie zmienia plików",
        "plik urósł w trakcie czytania / kopiowania",
    ),
    "grew_copying": Message(
        "plik urósł w trakcie kopiowania ponad {most}",
        "zbuduj serwis ponownie, gdy nikt nie zmienia plików",
        "plik urósł w trakcie czytania / kopiowania",
    ),
    "unusable_file": Message("plik {message}", "{hint}"),
    "unsafe_document": Message(
        "{message}",
        "podziel dokument albo opublikuj długi tekst jako załącznik",
    ),
    "unsafe_data": Message("{message}", "zapisz tu zwykły plik YAML"),
    "unpublished_attachment": Message("{message}", "{hint}"),
    "no_site_data": Message(
        "brak pliku z danymi gminy",
        "utwórz {name} (wzór: content/{name} w repozytorium)",
        "brak pliku z danymi gminy / danych deklaracji dostępności",
    ),
    "no_statement_data": Message(
        "brak danych deklaracji dostępności (wymaga jej ustawa o dostępności cyfrowej)",
        "utwórz {name} (wzór: content/{name} w repozytorium)",
        "brak pliku z danymi gminy / danych deklaracji dostępności",
    ),
    # The header (front matter).
    "no_front_matter": Message(
        "brak nagłówka dokumentu (front matter)",
        "zacznij plik od linii '---', wpisz klucze (tytul, podmiot, …) "
        "i zamknij je drugą linią '---'",
        "brak nagłówka dokumentu (front matter)",
    ),
    "header_too_large": Message(
        "nagłówek ma {size} KB, więcej niż dozwolone {most} KB",
        "nagłówek to tylko krótkie dane dokumentu; długie teksty wpisz "
        "w treści (limit: bip.yaml → limity → naglowek_kb)",
        "nagłówek ma … KB / treść ma … KB, więcej niż dozwolone",
    ),
    "header_not_yaml": Message(
        "nagłówek nie jest poprawnym YAML ({problem})",
        _YAML,
        "nagłówek nie jest poprawnym YAML",
    ),
    "header_refused_yaml": Message(
        "nagłówek nie jest poprawnym YAML ({message})", "{hint}"
    ),
    "yaml_alias": Message(
        "odwołania YAML (*nazwa) są niedozwolone",
        "usuń znaki & i * i wpisz wartość wprost",
        "odwołania YAML (*nazwa) są niedozwolone / zagnieżdżenie głębsze niż "
        "10 poziomów",
    ),
    "yaml_too_deep": Message(
        "zagnieżdżenie głębsze niż {most} poziomów",
        "sprawdź wcięcia i nawiasy [ ] {{ }}",
        "odwołania YAML (*nazwa) są niedozwolone / zagnieżdżenie głębsze niż "
        "10 poziomów",
    ),
    "header_not_mapping": Message(
        "nagłówek nie jest listą kluczy i wartości",
        "każda linia nagłówka ma postać 'klucz: wartość'",
        "nagłówek nie jest listą kluczy i wartości",
    ),
    "key_twice": Message(
        "klucz '{key}' podano drugi raz",
        "zostaw jedną wartość (pierwsza: linia {first})",
        "klucz … podano drugi raz",
    ),
    "missing_key": Message(
        "brak wymaganego klucza '{key}'",
        "dodaj w nagłówku linię: {key}: {example}",
        "brak wymaganego klucza",
    ),
    "unknown_key": Message(
        "nieznany klucz '{key}'{suggestion}",
        "dozwolone klucze: {known}",
        "nieznany klucz (czy chodziło o …?)",
    ),
    "field_invalid": Message("{key}: {message}", "{hint}"),
    # Values of keys.
    "not_text": Message(
        "wartość musi być tekstem",
        "wpisz tekst po dwukropku",
        "wartość musi być tekstem / wartość jest pusta",
    ),
    "empty_text": Message(
        "wartość jest pusta",
        "wpisz tekst po dwukropku",
        "wartość musi być tekstem / wartość jest pusta",
    ),
    "not_mapping": Message(
        "wartość musi mieć podklucze {keys}",
        "{example}",
        "brak podklucza …",
    ),
    "missing_subkey": Message(
        "brak podklucza '{key}' ({meaning})",
        "{example}",
        "brak podklucza …",
    ),
    "unknown_subkey": Message(
        "nieznany podklucz '{key}'{suggestion}",
        "dozwolone podklucze: {known}",
        "nieznany klucz (czy chodziło o …?)",
    ),
    "person_as_text": Message(
        "podaj osobę i jej funkcję jako dwa podklucze",
        _PERSON,
        "podaj osobę i jej funkcję",
    ),
    "not_email": Message(
        "„{value}” nie jest adresem e-mail",
        "wpisz adres w postaci nazwa@gmina.pl",
        _ADDRESS,
    ),
    "not_phone": Message(
        "„{value}” nie jest numerem telefonu",
        "wpisz sam numer, np. +48 12 345 67 89",
        _ADDRESS,
    ),
    "not_web_address": Message(
        "„{value}” nie jest pełnym adresem strony",
        "wpisz adres zaczynający się od https://",
        _ADDRESS,
    ),
    "not_slug": Message(
        "„{value}” nie może być częścią adresu",
        "użyj małych liter bez polskich znaków, cyfr i łączników, np. {example}",
        "… nie może być częścią adresu (`bip.yaml`)",
    ),
    "not_date": Message(
        "„{value}” nie jest datą",
        "wpisz datę w postaci RRRR-MM-DD, np. 2026-03-15",
        "… nie jest datą / nie jest istniejącą datą",
    ),
    "no_such_date": Message(
        "„{value}” nie jest istniejącą datą",
        "wpisz datę w postaci RRRR-MM-DD, np. 2026-03-15",
        "… nie jest datą / nie jest istniejącą datą",
    ),
    "not_copies": Message(
        "„{value}” nie jest liczbą egzemplarzy",
        "wpisz samą liczbę, bez spacji i kropek, np. 2500",
        "… nie jest liczbą egzemplarzy",
    ),
    "not_document_address": Message(
        "„{value}” nie jest adresem dokumentu",
        "wpisz adres dokumentu w BIP: dział/nazwa (bez daty i .md), "
        "np. urzad/dodatek-kalendarz-odbioru-odpadow-2027",
        "… nie jest adresem dokumentu / nie ma dokumentu „…” (dodatki)",
    ),
    "unknown_choice": Message(
        "nieznany {what} „{value}”{suggestion}",
        "wybierz jeden z listy w {where}: {known}",
        "nieznany podmiot / dział menu / rodzaj dokumentu",
    ),
    "unknown_status": Message(
        "nieznany status „{value}”",
        "wpisz jeden z: {known}",
        "nieznany podmiot / dział menu / rodzaj dokumentu",
    ),
    "date_in_future": Message(
        "{key} {date} jest z przyszłości",
        "wpisz datę, w której dokument powstał (najpóźniej dzisiejszą)",
        "data_wytworzenia … jest z przyszłości",
    ),
    "archived_before_produced": Message(
        "data_archiwizacji jest wcześniejsza niż data_wytworzenia",
        "popraw jedną z dat",
        "data_archiwizacji jest wcześniejsza niż data_wytworzenia (ostrzeżenie)",
        WARNING,
    ),
    "forbidden_character_value": Message(
        "{character} w tekście",
        _INVISIBLE + "przepisz wartość",
        "znak sterujący / niepełny znak / niewidoczny znak kierunku tekstu U+…",
    ),
    "html_in_value": Message(
        "znacznik HTML „{tag}” pokaże się jako zwykły tekst",
        "usuń znaczniki (zwykle przychodzą z tekstem wklejonym z e-maila lub "
        "strony); formatowanie jest tylko w treści dokumentu",
        "znacznik HTML „…” pokaże się jako zwykły tekst (ostrzeżenie)",
        WARNING,
    ),
    "text_too_long": Message(
        "tekst ma {length} znaków, więcej niż {most}",
        "skróć go; dłuższy tekst wpisz w treści",
        "tekst ma … znaków, więcej niż …",
    ),
    "quoted_value": Message("„{value}”: {message}", "{hint}"),
    # Attachments and images.
    "attachments_not_list": Message(
        "załączniki muszą być listą",
        _ATTACHMENTS,
        "załączniki muszą być listą",
    ),
    "outside_folder": Message(
        "plik {what} „{name}” leży poza folderem dokumentu",
        "skopiuj plik do folderu {folder} i wpisz samą jego nazwę",
        "plik załącznika leży poza folderem dokumentu",
    ),
    "forbidden_format": Message(
        "plik {what} „{name}” ma niedozwolone rozszerzenie „.{suffix}”",
        "dozwolone: {allowed}; strony HTML, obrazy SVG i skrypty nie są "
        "publikowane, bo z adresu serwisu mogłyby uruchomić kod (spakuj je do "
        "ZIP albo zapisz jako PDF)",
        "plik … ma niedozwolone rozszerzenie „.…”",
    ),
    "unusable_attachment": Message("plik {what} „{name}”: {message}", "{hint}"),
    "missing_attachment": Message(
        "brak pliku {what} „{name}” w folderze {folder}",
        "dodaj plik do repozytorium albo popraw nazwę (wielkość liter ma "
        "znaczenie){suggestion}",
        "brak pliku załącznika",
    ),
    "stray_file": Message(
        "plik nie jest załącznikiem żadnego dokumentu i nie zostanie opublikowany",
        "dopisz go do listy zalaczniki dokumentu",
        "plik nie jest załącznikiem żadnego dokumentu (ostrzeżenie)",
        WARNING,
    ),
    "stray_file_outside": Message(
        "plik nie jest załącznikiem żadnego dokumentu i nie zostanie opublikowany",
        "umieść go w folderze dokumentu o tej samej nazwie co plik .md",
        "plik nie jest załącznikiem żadnego dokumentu (ostrzeżenie)",
        WARNING,
    ),
    "attachment_not_indexed": Message(
        "tekst załącznika nie został w całości zaindeksowany: {reason}",
        "dokument jest opublikowany, ale wyszukiwarka nie znajdzie reszty "
        "tekstu; sprawdź plik",
        "tekst załącznika nie został w całości zaindeksowany (ostrzeżenie przy "
        "budowaniu)",
        WARNING,
    ),
    "scanned_pdf": Message(
        "PDF bez warstwy tekstowej (skan)",
        "czytniki ekranu i wyszukiwarka go nie odczytają; dodaj wersję tekstową",
        "PDF bez warstwy tekstowej (skan) (ostrzeżenie przy budowaniu)",
        WARNING,
    ),
    # The body.
    "empty_body": Message(
        "dokument nie ma treści",
        "pod nagłówkiem (po drugiej linii '---') wpisz treść dokumentu, choćby "
        "jedno zdanie opisujące załączniki",
        "dokument nie ma treści",
    ),
    "body_too_large": Message(
        "treść ma {size}, więcej niż dozwolone {most}",
        "podziel dokument albo opublikuj długi tekst jako załącznik "
        "(limit: bip.yaml → limity → tresc_kb)",
        "nagłówek ma … KB / treść ma … KB, więcej niż dozwolone",
    ),
    "unclosed_brackets": Message(
        "zbyt wiele niezamkniętych nawiasów „{character}” (najdalej sięga "
        "nawias z tej linii): przetworzenie treści trwałoby bardzo długo",
        "zamknij każdy nawias „[” nawiasem „]”, „(” po „]” nawiasem „)”, a "
        "znacznik „<” znakiem „>”; nawias, który ma zostać bez pary, poprzedź "
        "ukośnikiem odwrotnym (\\[), a „<” zapisz jako &lt;",
        "zbyt wiele niezamkniętych nawiasów „[”, „(” lub „<”",
    ),
    "paragraph_too_busy": Message(
        "akapit zaczynający się w tej linii jest zbyt długi i ma zbyt wiele "
        "znaków formatowania (* _ ` & [ <): przetworzenie treści trwałoby "
        "bardzo długo",
        "podziel go pustymi liniami na krótsze akapity albo opublikuj ten "
        "tekst jako załącznik",
        "akapit jest zbyt długi i ma zbyt wiele znaków formatowania",
    ),
    "too_many_paragraphs": Message(
        "treść ma więcej niż {most} akapitów (ten zaczyna się w tej linii): "
        "przetworzenie jej trwałoby bardzo długo",
        "podziel dokument na kilka albo opublikuj ten tekst jako załącznik",
        "treść ma więcej niż … akapitów",
    ),
    "forbidden_character_body": Message(
        "{character} w treści",
        _INVISIBLE + "przepisz tę linię",
        "znak sterujący / niepełny znak / niewidoczny znak kierunku tekstu U+…",
    ),
    "image_without_alt": Message(
        "obraz bez tekstu alternatywnego",
        "opisz obraz w nawiasach kwadratowych: ![Mapa przebiegu objazdu](mapa.png)",
        "obraz bez tekstu alternatywnego",
    ),
    "replacement_character": Message(
        "znak „\ufffd” w miejscu liter, których nie dało się odczytać",
        "tekst stracił litery przy kopiowaniu z pliku w innym kodowaniu; wklej "
        "go ponownie z oryginału albo przepisz",
        "znak „\ufffd” w miejscu liter, których nie dało się odczytać",
    ),
    "embedded_html": Message(
        "wstawka HTML (skrypt lub ramka) zostanie usunięta",
        "usuń ją; w BIP nie wolno osadzać skryptów ani treści z innych serwisów",
        "wstawka HTML (skrypt lub ramka) zostanie usunięta (ostrzeżenie)",
        WARNING,
    ),
    "broken_letters": Message(
        "zepsute polskie znaki: „{word}” to zapewne „{was}” (tekst zapisany "
        "w kodowaniu {wrote} odczytano jako {read})",
        "wklej tekst ponownie z oryginału albo popraw litery; w edytorze "
        "zapisuj pliki jako UTF-8",
        "zepsute polskie znaki: „wrzeœnia” to zapewne „września” (tekst "
        "zapisany w kodowaniu … odczytano jako …)",
    ),
    "unknown_abbreviation": Message(
        "nieznany skrót „{word}”",
        "dopisz go do słownika skrótów (bip.yaml, skroty) albo napisz pełną nazwę",
        "nieznany skrót „…” (ostrzeżenie; słowa pisane wersalikami, np. "
        "OGŁOSZENIE, WÓJT, nie są skrótami)",
        WARNING,
    ),
    "placeholder": Message(
        "nieuzupełnione miejsce: „{rest}”",
        "wpisz tu właściwą treść",
        "nieuzupełnione miejsce: „UZUPEŁNIJ …”",
    ),
    "spaced_letters": Message(
        "słowo z rozstrzelonych liter „{word}” czytnik ekranu przeliteruje, "
        "a wyszukiwarka go nie znajdzie",
        "napisz je bez spacji: {fixed}",
        "słowo z rozstrzelonych liter „…” czytnik ekranu przeliteruje (ostrzeżenie)",
        WARNING,
    ),
    "lost_superscript": Message(
        "„{found}” wygląda na godzinę, która straciła indeks górny: czytelnik "
        "zobaczy liczbę {hour}",
        "napisz godzinę z dwukropkiem: {fixed}",
        "„godz. 1000” wygląda na godzinę, która straciła indeks górny (ostrzeżenie)",
        WARNING,
    ),
    # Links.
    "no_such_page": Message(
        "odnośnik do nieistniejącej strony „/{path}”{suggestion}",
        "popraw adres albo usuń odnośnik",
        "odnośnik do nieistniejącej strony „…”",
    ),
    "file_not_published": Message(
        "odnośnik do pliku „{name}”, którego dokument nie publikuje",
        "dopisz plik do zalaczniki dokumentu albo popraw nazwę",
        "odnośnik do pliku „…”, którego dokument nie publikuje",
    ),
    "no_such_anchor": Message(
        "odnośnik do nieistniejącej kotwicy „#{anchor}” na {where}",
        "dostępne kotwice: {known}",
        "odnośnik do nieistniejącej kotwicy „#…”",
    ),
    # The site as a whole.
    "outside_department": Message(
        "dokument poza znanym działem („{top}”).{suggestion}",
        "przenieś plik do folderu działu: {known} (lista działów: bip.yaml → dzialy)",
        "dokument poza znanym działem",
    ),
    "same_address": Message(
        "ten sam adres /{url} co {others}",
        "zmień nazwę jednego z plików (część po dacie)",
        "ten sam adres … co …",
    ),
    "generated_address": Message(
        "strona /{url} jest tworzona automatycznie",
        "zmień nazwę pliku",
        "strona /… jest tworzona automatycznie",
    ),
    "unknown_supplement": Message(
        "nie ma dokumentu „{value}” (dodatki){suggestion}",
        "wpisz adres opublikowanego dokumentu dodatku: dział/nazwa, "
        "np. urzad/dodatek-kalendarz-odbioru-odpadow-2027",
        "… nie jest adresem dokumentu / nie ma dokumentu „…” (dodatki)",
    ),
    "supplements_not_issue": Message(
        "dodatki ma tylko numer biuletynu, a ten dokument ma rodzaj „{kind}”",
        "wpisz rodzaj: biuletyn albo przenieś listę dodatki do numeru biuletynu",
        "dodatki ma tylko numer biuletynu",
    ),
    "empty_mandatory_category": Message(
        "obowiązkowa kategoria „{name}” nie ma żadnego dokumentu",
        "opublikuj w niej informacje (kategoria: {slug}) albo opisz w jednym "
        "dokumencie, dlaczego ich nie ma",
        "obowiązkowa kategoria „…” nie ma żadnego dokumentu (ostrzeżenie)",
        WARNING,
    ),
    # bip.yaml, the accessibility statement's data, the thesaurus.
    "data_not_yaml": Message(
        "plik nie jest poprawnym YAML ({problem})",
        "sprawdź wcięcia i dwukropki",
        "plik nie jest poprawnym YAML (`bip.yaml`, deklaracja, tezaurus)",
    ),
    "site_data_not_mapping": Message(
        "plik musi zawierać klucze gmina, podmioty, dzialy, menu",
        "zobacz przykład w content/bip.yaml",
        "plik musi zawierać klucze … (`bip.yaml`, deklaracja, tezaurus)",
    ),
    "missing_section": Message(
        "brak sekcji '{key}'",
        "dodaj sekcję '{key}:' (zobacz docs/)",
        "brak sekcji … / brak klucza … (`bip.yaml`)",
    ),
    "item_not_mapping": Message(
        "{where}: oczekiwano kluczy",
        "wpisz: {keys}",
        "brak sekcji … / brak klucza … (`bip.yaml`)",
    ),
    "item_missing_key": Message(
        "{where}: brak klucza '{key}'",
        "dodaj '{key}: …'{more}",
        "brak sekcji … / brak klucza … (`bip.yaml`)",
    ),
    "menu_slug_twice": Message(
        "menu: slug „{slug}” powtarza się",
        "pierwszy jest w linii {first}; zmień jeden",
        "menu: slug powtarza się / nieznany rodzic / slug zarezerwowany (`bip.yaml`)",
    ),
    "menu_unknown_parent": Message(
        "menu: nieznany rodzic „{parent}”{suggestion}",
        "wpisz slug istniejącej pozycji menu",
        "menu: slug powtarza się / nieznany rodzic / slug zarezerwowany (`bip.yaml`)",
    ),
    "not_repository": Message(
        "„{value}” nie jest nazwą repozytorium",
        "wpisz grupę i projekt tak jak w adresie repozytorium, np. urzad/bip",
        _EDITOR_ROW,
    ),
    "not_yes_or_no": Message(
        "„{value}” nie jest wartością true ani false",
        "wpisz true (tak) albo false (nie)",
        _EDITOR_ROW,
    ),
    "reserved_slug": Message(
        "slug „{slug}” jest zarezerwowany",
        "wybierz inną nazwę",
        "menu: slug powtarza się / nieznany rodzic / slug zarezerwowany (`bip.yaml`)",
    ),
    "missing_required_category": Message(
        "menu nie ma kategorii „{name}”, której wymaga {basis} od podmiotu "
        "typu „{kind}”",
        "dodaj do menu pozycję: - {{slug: {slug}, nazwa: {name}}}",
        "menu nie ma kategorii „…”, której wymaga … (`bip.yaml`)",
    ),
    "limits_not_mapping": Message(
        "limity: oczekiwano kluczy",
        "wpisz pod 'limity:' wcięte pary, np. 'tresc_kb: 4096'",
        "limity: nieznany klucz / przekracza górną granicę",
    ),
    "unknown_limit": Message(
        "limity: nieznany klucz '{key}'",
        "znane: {known}",
        "limity: nieznany klucz / przekracza górną granicę",
    ),
    "limit_not_number": Message(
        "limity.{key}: „{value}” nie jest dodatnią liczbą całkowitą",
        "np. {key}: {example}",
        "limity: nieznany klucz / przekracza górną granicę",
    ),
    "limit_too_high": Message(
        "limity.{key}: {value} {unit} przekracza górną granicę",
        "wpisz najwyżej {ceiling}",
        "limity: nieznany klucz / przekracza górną granicę",
    ),
    "statement_not_mapping": Message(
        "plik musi zawierać klucze deklaracji",
        "zobacz przykład w content/{name}",
        "plik musi zawierać klucze … (`bip.yaml`, deklaracja, tezaurus)",
    ),
    "statement_without_gaps": Message(
        "status inny niż „zgodna”, a nie wymieniono niedostępnych treści",
        "dopisz niezgodnosci albo wylaczenia",
        "status inny niż „zgodna”, a nie wymieniono niedostępnych treści",
    ),
    "statement_not_reviewed": Message(
        "deklaracji nie przejrzano od {reviewed}, a przegląd był wymagany do "
        "{deadline}",
        "przejrzyj deklarację i wpisz data_przegladu",
        "deklaracji nie przejrzano od …, a przegląd był wymagany do … (ostrzeżenie)",
        WARNING,
    ),
    "statement_date_in_future": Message(
        "{key} jest z przyszłości",
        "wpisz datę, która już minęła",
        "data_wytworzenia … jest z przyszłości",
    ),
    "thesaurus_not_yaml": Message(
        "plik nie jest poprawnym YAML ({problem})",
        _THESAURUS,
        "plik nie jest poprawnym YAML (`bip.yaml`, deklaracja, tezaurus)",
    ),
    "thesaurus_refused_yaml": Message(
        "plik nie jest poprawnym YAML ({message})", "{hint}"
    ),
    "thesaurus_not_mapping": Message(
        "plik musi zawierać tematy i ich hasła",
        _THESAURUS,
        "plik musi zawierać klucze … (`bip.yaml`, deklaracja, tezaurus)",
    ),
    "thesaurus_topic": Message(
        "temat „{topic}”: oczekiwano haseł „słowo: [terminy]”",
        _THESAURUS,
        "tezaurus: oczekiwano haseł / listy terminów",
    ),
    "thesaurus_terms": Message(
        "hasło „{term}”: oczekiwano listy terminów urzędowych",
        "np. śmieci: [odpady komunalne]",
        "tezaurus: oczekiwano haseł / listy terminów",
    ),
    "thesaurus_twice": Message(
        "hasło „{term}” jest już w innym temacie",
        "zostaw je w jednym temacie",
        "tezaurus: hasło jest już w innym temacie / termin ma więcej niż 6 słów "
        "/ hasło prowadzi do samego siebie",
    ),
    "thesaurus_long_term": Message(
        "termin „{value}” ma więcej niż {most} słów",
        "skróć go do nazwy",
        "tezaurus: hasło jest już w innym temacie / termin ma więcej niż 6 słów "
        "/ hasło prowadzi do samego siebie",
    ),
    "thesaurus_itself": Message(
        "hasło „{term}” prowadzi do samego siebie",
        "usuń ten termin",
        "tezaurus: hasło jest już w innym temacie / termin ma więcej niż 6 słów "
        "/ hasło prowadzi do samego siebie",
    ),
    # The git history.
    "not_in_git": Message(
        "folder treści nie jest w repozytorium git (albo nie ma w nim jeszcze "
        "żadnego commita): historii zmian nie będzie, a metryczka weźmie "
        "„wprowadził” i „datę udostępnienia” z nagłówków",
        "zatwierdź treść w git: git init, git add, git commit",
        "folder treści nie jest w repozytorium git (ostrzeżenie)",
        WARNING,
    ),
    "shallow_clone": Message(
        "repozytorium ma niepełną historię (płytki klon): metryczka i historia "
        "zmian byłyby nieprawdziwe",
        "pobierz pełną historię: git fetch --unshallow (w CI: GitHub Actions "
        "actions/checkout z fetch-depth: 0, GitLab CI zmienna GIT_DEPTH: 0)",
        "repozytorium ma niepełną historię (płytki klon)",
    ),
    "git_failed": Message(
        "błąd git: {reason}",
        "sprawdź, czy git działa w folderze treści (git log)",
        "błąd git: …",
    ),
    "old_attachment_too_large": Message(
        "wersja {number}: plik „{name}” ma {size}, więcej niż limit załącznika: "
        "ta wersja pokaże się bez niego",
        "nic nie trzeba robić; jeśli plik ma być dostępny, podnieś limit "
        "zalacznik_mb w bip.yaml",
        "wersja …: plik „…” ma …, więcej niż limit załącznika (ostrzeżenie)",
        WARNING,
    ),
    "uncommitted": Message(
        "dokument nie jest jeszcze zatwierdzony w git: metryczka weźmie "
        "„wprowadził” i „datę udostępnienia” z nagłówka",
        "zatwierdź plik: git add, git commit (opublikuje go scalenie do gałęzi "
        "głównej)",
        "dokument nie jest jeszcze zatwierdzony w git (ostrzeżenie)",
        WARNING,
    ),
    "entered_by_robot": Message(
        "dokument wprowadziło wyłącznie konto automatyczne: metryczka musi "
        "wskazać osobę, która wprowadziła informację",
        "dopisz w nagłówku wprowadzil: Imię Nazwisko albo zatwierdź zmianę "
        "dokumentu jako osoba (nie konto CI)",
        "dokument wprowadziło wyłącznie konto automatyczne",
    ),
}
