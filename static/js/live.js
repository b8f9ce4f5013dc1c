/*
 * A live page that keeps itself current. Every 20 seconds or so (less often while the tab is
 * hidden: not at all) it asks the site for the posts after the newest one it has. New posts wait
 * behind a "N new posts" button, whose room the page keeps from the start, so nothing moves under
 * the reader's thumb; a click puts them on top of the list and moves the focus to the newest.
 * Posts the newsroom took down are removed, posts edited or corrected are fetched again and
 * replaced where they stand, and when the key events or pinned posts change they are fetched
 * again too. A post is never shown twice. Without this script the page works as it is: a reload
 * shows the newest posts.
 */
(function () {
  "use strict";
  var box = document.querySelector("[data-live-updates]");
  var list = document.getElementById("live-posts");
  var outline = box && box.getAttribute("data-outline");
  if (!box || !window.fetch || !window.HTMLTemplateElement) return;
  var button = box.querySelector("button");
  var url = box.getAttribute("data-live-updates");
  var latest = box.getAttribute("data-latest");
  var waiting = []; // new posts not shown yet, newest first
  var tooMany = false;
  var timer = null;
  var plural = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang) : null;
  var PAUSE = 20000;
  var JITTER = 5000;

  function later() {
    clearTimeout(timer);
    timer = setTimeout(ask, PAUSE - JITTER / 2 + Math.random() * JITTER);
  }

  function ask() {
    if (document.hidden) return; // asked again when the tab is shown
    fetch(url + "?after=" + encodeURIComponent(latest), { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) { if (text !== null) take(text); })
      .catch(function () {}) // offline for a moment: the next try will do
      .then(function () { if (timer !== false) later(); });
  }

  function take(text) {
    var template = document.createElement("template");
    template.innerHTML = text;
    var answer = template.content.firstElementChild;
    if (!answer) return;
    latest = answer.getAttribute("data-latest") || latest;
    (answer.getAttribute("data-removed") || "").split(" ").forEach(remove);
    (answer.getAttribute("data-revised") || "").split(" ").forEach(refresh);
    var changed = answer.getAttribute("data-outline");
    if (changed && changed !== outline) redrawOutline(changed);
    var posts = Array.prototype.slice.call(answer.children).filter(function (item) {
      var post = item.querySelector("article");
      return post && !document.getElementById(post.id) && !waiting.some(function (other) {
        return other.querySelector("#" + post.id);
      });
    });
    waiting = posts.concat(waiting);
    tooMany = tooMany || answer.hasAttribute("data-more");
    if (answer.getAttribute("data-live") === "0") {
      clearTimeout(timer);
      timer = false; // the coverage has ended
    }
    offer();
  }

  function remove(id) {
    if (!id) return;
    var post = document.getElementById("post-" + id);
    if (post && post.parentNode && post.parentNode.parentNode === list) list.removeChild(post.parentNode);
    waiting = waiting.filter(function (item) { return !item.querySelector("#post-" + id); });
  }

  // The key events and pinned posts, when the poll's digest of them differs from this page's.
  function redrawOutline(digest) {
    fetch(url + "?outline=1", { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        var current = document.getElementById("live-outline");
        if (text === null || !current) return;
        var template = document.createElement("template");
        template.innerHTML = text;
        var fresh = template.content.firstElementChild;
        if (fresh) current.parentNode.replaceChild(fresh, current);
        outline = digest;
      })
      .catch(function () {});
  }

  // A post edited or corrected since this page got it ("id.version"): fetched again and swapped in.
  function refresh(revision) {
    var parts = revision.split(".");
    var post = parts.length === 2 && document.getElementById("post-" + parts[0]);
    if (!post || post.getAttribute("data-version") === parts[1]) return;
    post.setAttribute("data-version", parts[1]); // asked once, whatever the answer
    fetch(url + "?post=" + encodeURIComponent(parts[0]), { cache: "no-cache", credentials: "omit" })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (text) {
        if (text === null) return;
        var template = document.createElement("template");
        template.innerHTML = text;
        var fresh = template.content.querySelector("article");
        if (fresh && post.parentNode) post.parentNode.replaceChild(fresh, post);
      })
      .catch(function () {});
  }

  function offer() {
    if (!waiting.length) {
      button.hidden = true;
      return;
    }
    // The page carries the words for 1, 2 and 5 posts: the language's plural rule picks one, and
    // the number in it is replaced ("21 новий допис", "3 нові дописи", "7 new posts").
    var form = plural ? plural.select(waiting.length) : waiting.length === 1 ? "one" : "many";
    var words = tooMany ? box.getAttribute("data-reload")
      : box.getAttribute("data-" + (form === "one" || form === "few" ? form : "many")).replace(/\d+/, waiting.length);
    button.textContent = words;
    button.hidden = false;
  }

  button.addEventListener("click", function () {
    if (tooMany) {
      window.location.assign(window.location.pathname);
      return;
    }
    if (!list) { // the page had no posts yet: the list takes the place of "the first posts will appear here"
      list = document.createElement("ol");
      list.className = "live-posts";
      list.id = "live-posts";
      var empty = box.parentNode.querySelector(".empty");
      box.parentNode.insertBefore(list, empty || box.nextSibling);
      if (empty) empty.parentNode.removeChild(empty);
    }
    for (var i = waiting.length - 1; i >= 0; i--) {
      if (!document.getElementById(waiting[i].querySelector("article").id)) list.insertBefore(waiting[i], list.firstChild);
    }
    var first = list.querySelector("article");
    waiting = [];
    offer();
    if (first) first.focus();
  });

  document.addEventListener("visibilitychange", function () {
    if (!document.hidden && timer !== false) ask();
  });

  later();
})();
