/* The progress of a background job (an import, a large export), without reloading the page.
 *
 * Progressive enhancement of templates/partials/job_progress.html: the page works without it
 * (its "Check again" link). Here, every two seconds, the page is asked for again; while the job
 * runs its progress bar, count and status are brought up to date in place, and the polite live
 * region ([data-job-announce]) tells screen readers how far it has got, every tenth of the way.
 * Once the job is done, its part of the page ([data-job]) is replaced by the finished one (the
 * download link, the rows added, the problems) and the live region reads out the result.
 */
(function () {
  "use strict";

  var region = document.querySelector("[data-job][data-job-active]");
  var announcer = document.querySelector("[data-job-announce]");
  if (!region || !announcer || !window.fetch || !window.DOMParser) {
    return;
  }
  var url = region.getAttribute("data-job-url") || window.location.pathname;
  var INTERVAL = 2000;
  var LONGEST_WAIT = 30000;
  var delay = INTERVAL;
  var announced = share(region.querySelector("progress"));

  function share(progress) {
    if (!progress || !progress.max) {
      return 0;
    }
    return progress.value / progress.max;
  }

  function words(element) {
    return element ? element.textContent.replace(/\s+/g, " ").trim() : "";
  }

  function announce(text) {
    if (text && announcer.textContent !== text) {
      announcer.textContent = text;
    }
  }

  // While the job runs: the bar, the count and the status, changed in place (so that keyboard
  // focus, on the "Check again" link say, stays where it is).
  function follow(fresh) {
    var progress = region.querySelector("progress");
    var freshProgress = fresh.querySelector("progress");
    if (progress && freshProgress) {
      progress.max = freshProgress.max;
      progress.value = freshProgress.value;
      progress.textContent = freshProgress.textContent;
    }
    var mine = region.querySelectorAll("[data-job-sync]");
    var theirs = fresh.querySelectorAll("[data-job-sync]");
    for (var i = 0; i < mine.length && i < theirs.length; i++) {
      if (mine[i].textContent !== theirs[i].textContent) {
        mine[i].textContent = theirs[i].textContent;
      }
      mine[i].className = theirs[i].className;
    }
    var now = share(freshProgress);
    if (now - announced >= 0.1) {
      announced = now;
      announce(words(fresh.querySelector("label[for]")));
    }
  }

  // Once it is done: the finished part of the page in place of the progress, and its result
  // read out (an alert, the problems of a failed job, is read out by itself).
  function finish(fresh) {
    var hadFocus = region.contains(document.activeElement);
    var done = document.importNode(fresh, true);
    region.replaceWith(done);
    region = done;
    var result = done.querySelector("[data-job-result]");
    if (result && result.getAttribute("role") !== "alert") {
      announce(words(result));
    }
    if (hadFocus) {
      var next = done.querySelector("a[href], button") || result;
      if (next) {
        if (!next.matches("a[href], button")) {
          next.setAttribute("tabindex", "-1");
        }
        next.focus();
      }
    }
  }

  function check() {
    fetch(url, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "text/html" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var fresh = page.querySelector("[data-job]");
        if (!fresh) {
          // Signed out, say: the "Check again" link still leads the person on.
          return;
        }
        delay = INTERVAL;
        if (fresh.hasAttribute("data-job-active")) {
          follow(fresh);
          window.setTimeout(check, delay);
        } else {
          finish(fresh);
        }
      })
      .catch(function () {
        // The server or the network is away: ask less often, up to every 30 seconds.
        delay = Math.min(delay * 2, LONGEST_WAIT);
        window.setTimeout(check, delay);
      });
  }

  window.setTimeout(check, delay);
})();
