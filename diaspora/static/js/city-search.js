// A city typed by name (input[data-city-search], directory/fields.py): suggestions of
// the form's country from /api/cities in the input's <datalist>, as one types. A name
// picked from them is sent as the city's id; anything else is sent as typed and the
// server looks for it (Kiev, Киев: Kyiv). Picking a city also sets a time zone field
// when the input asks for it (data-sets-timezone).
(function () {
  const DELAY = 200; // ms of quiet typing before asking

  function setUp(input) {
    const list = document.getElementById(input.getAttribute("list"));
    const form = input.form;
    if (!list || !form) return;
    const countryField = form.elements[input.dataset.countryField || "country"];
    let found = new Map(); // shown name -> city
    let timer = null;
    let asked = "";

    function country() {
      return countryField ? countryField.value : "";
    }

    function show(cities) {
      found = new Map();
      list.replaceChildren();
      for (const city of cities) {
        const label = found.has(city.local_name) ? city.name : city.local_name;
        if (found.has(label)) continue;
        found.set(label, city);
        const option = document.createElement("option");
        option.value = label;
        list.appendChild(option);
      }
    }

    function ask() {
      const text = input.value.trim();
      const key = country() + "|" + text;
      if (!text || key === asked) return;
      asked = key;
      const url = new URL(input.dataset.source, window.location.origin);
      url.search = new URLSearchParams({ q: text, limit: "15" }).toString();
      if (country()) url.searchParams.set("country", country());
      fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(function (cities) {
          if (asked === key) show(Array.isArray(cities) ? cities : []);
        })
        .catch(function () {}); // no suggestions: the typed name is still sent
    }

    input.addEventListener("input", function () {
      const city = found.get(input.value);
      if (city && input.dataset.setsTimezone !== undefined && form.elements.timezone) {
        form.elements.timezone.value = city.timezone;
      }
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY);
    });

    if (countryField) {
      countryField.addEventListener("change", function () {
        // A city of the last country is no city of this one.
        input.value = "";
        show([]);
        asked = "";
      });
    }

    form.addEventListener("submit", function () {
      const city = found.get(input.value);
      if (city) input.value = String(city.id);
    });
  }

  document.querySelectorAll("input[data-city-search]").forEach(setUp);
})();
