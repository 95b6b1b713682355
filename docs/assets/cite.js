// The reader's access date in the citations. A published page never changes, so its "Cite this page" box and
// the citation files it offers carry the release's date as the access date; this script puts the day the
// page is read in its place: in the box's APA, Vancouver and AMA texts, and in each file as it is downloaded
// from the box (RIS Y2, BibTeX urldate, CSL-JSON "accessed"). Without scripts the release's date stays, and
// the box says to change it. The file names already carry the version (the download attribute).
(function () {
  "use strict";

  const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  const MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ];
  const now = new Date();
  const [year, month, day] = [now.getFullYear(), now.getMonth() + 1, now.getDate()];
  const two = (number) => String(number).padStart(2, "0");
  const iso = `${year}-${two(month)}-${two(day)}`;
  const TEXT = {
    long: `${MONTH_NAMES[month - 1]} ${day}, ${year}`, // APA, AMA
    nlm: `${year} ${MONTHS[month - 1]} ${day}`, // Vancouver (Citing Medicine)
  };
  const accessed = { "date-parts": [[year, month, day]] };
  const json = (value) => JSON.stringify(value, null, 2) + "\n";
  // Each rewrite changes the access date alone; a file that does not have it is refused (and then served
  // as published, below).
  const REWRITE = {
    ris: (text) => replaced(text, /^Y2 {2}- .*$/m, `Y2  - ${year}/${two(month)}/${two(day)}`),
    bib: (text) => replaced(text, /^ {2}urldate = \{[^{}]*\},$/m, `  urldate = {${iso}},`),
    csl: (text) => json(JSON.parse(text).map((item) => ({ ...item, accessed }))),
    record: (text) => {
      const record = JSON.parse(text);
      record.csl = { ...record.csl, accessed };
      return json(record);
    },
  };

  function replaced(text, pattern, line) {
    if (!pattern.test(text)) { throw new Error("no access date in the file"); }
    return text.replace(pattern, line);
  }

  document.querySelectorAll("time[data-ev-accessed]").forEach((element) => {
    const text = TEXT[element.getAttribute("data-ev-accessed")];
    if (text) {
      element.textContent = text;
      element.dateTime = iso;
    }
  });
  document.querySelectorAll("[data-ev-accessed-note]").forEach((note) => {
    const [release, today] = note.children;
    if (release && today) {
      release.hidden = true;
      today.hidden = false;
    }
  });

  function save(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const link = Object.assign(document.createElement("a"), { href: url, download: name });
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }

  document.addEventListener("click", (event) => {
    const link = event.target instanceof Element && event.target.closest("a[data-ev-citation]");
    const rewrite = link && REWRITE[link.getAttribute("data-ev-citation")];
    if (!rewrite || link.hasAttribute("data-ev-as-published")) { return; }
    event.preventDefault();
    const name = link.getAttribute("download") || "";
    fetch(link.href, { credentials: "same-origin" })
      .then((response) => {
        if (!response.ok) { throw new Error(`${response.status}`); }
        return response.text();
      })
      .then((text) => save(name, rewrite(text), "text/plain;charset=utf-8"))
      .catch(() => {
        // The file as published, with the release's date: better than no file.
        link.setAttribute("data-ev-as-published", "");
        link.click();
        link.removeAttribute("data-ev-as-published");
      });
  });
})();
