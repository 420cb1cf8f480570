// The world day's countdowns: each [data-until] holds the instant (seconds since the
// epoch, from the server) when its city reaches midnight; this ticks them every second.
// Without JavaScript the page still shows each instant in UTC.
(function () {
  const items = document.querySelectorAll("[data-until]");
  if (!items.length) return;
  const language = document.documentElement.lang || undefined;
  let days;
  try {
    days = new Intl.NumberFormat(language, { style: "unit", unit: "day", unitDisplay: "long" });
  } catch (error) {
    days = { format: function (n) { return n + " d"; } };
  }
  const pad = function (n) { return String(n).padStart(2, "0"); };

  function left(ms) {
    const total = Math.floor(ms / 1000);
    const whole = Math.floor(total / 86400);
    const clock = pad(Math.floor((total % 86400) / 3600)) + ":" +
      pad(Math.floor((total % 3600) / 60)) + ":" + pad(total % 60);
    return whole ? days.format(whole) + " " + clock : clock;
  }

  function tick() {
    const now = Date.now();
    items.forEach(function (item) {
      const ms = Number(item.dataset.until) * 1000 - now;
      const passed = item.closest("[data-passed]");
      item.textContent = ms > 0 ? left(ms) : (passed ? passed.dataset.passed : "");
      item.classList.toggle("passed", ms <= 0);
      item.hidden = false;
    });
    // The next tick on the next whole second, so all cities change together.
    setTimeout(tick, 1000 - (Date.now() % 1000) + 5);
  }
  tick();
})();
