// The phone page of a Counterpart room vote: join with the room code, vote, rate.
// Live updates come over a WebSocket; when it drops, the page polls /api/state and
// tries the socket again, so a phone finds the room again by itself (after a
// restart of the facilitator's app too). Everything comes from this server.
"use strict";
(function () {
  var secret = (location.pathname.split("/")[2] || "").toUpperCase();
  var state = null;
  var socket = null;
  var pollTimer = null;
  var retryTimer = null;
  var retryMs = 1000;
  var shownOptions = "";
  var shownAsk = "";
  var joined = false;

  function $(id) { return document.getElementById(id); }
  function say(text) { if ($("status").textContent !== text) { $("status").textContent = text; } }
  function show(id) {
    ["join", "wait", "vote", "ask", "ended"].forEach(function (name) {
      $(name).hidden = name !== id;
    });
  }

  function call(method, path, body) {
    var init = { method: method, credentials: "same-origin", cache: "no-store", headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    return fetch(path, init).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (data) {
        return { ok: response.ok, status: response.status, data: data };
      });
    });
  }

  // --- drawing ------------------------------------------------------------------
  function render(next) {
    state = next;
    if (next.title) { $("title").textContent = next.title; }
    if (next.phase === "removed") {
      stopLive();
      $("ended-heading").textContent = "Removed";
      $("ended-text").textContent = "The facilitator removed this phone from the room.";
      show("ended");
      say("This phone is no longer in the room.");
      return;
    }
    if (next.phase === "closed") {
      stopLive();
      $("ended-heading").textContent = "Thank you";
      $("ended-text").textContent = "The workshop has ended.";
      show("ended");
      say("The workshop has ended.");
      return;
    }
    if (next.phase === "vote") { drawVote(next.vote); return; }
    if (next.phase === "ask") { drawAsk(next.ask); return; }
    shownOptions = "";
    shownAsk = "";
    $("wait-text").textContent = "You're in as " + next.label + " (" + next.joined +
      " in the room). The next vote appears here by itself.";
    show("wait");
    say("Waiting for the next vote.");
  }

  function drawVote(vote) {
    var box = $("options");
    var signature = vote.key + "|" + vote.options.join("|");
    if (signature !== shownOptions) {
      shownOptions = signature;
      box.textContent = "";
      vote.options.forEach(function (text, i) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "option";
        button.dataset.number = String(i + 1);
        var n = document.createElement("span");
        n.className = "n";
        n.textContent = String(i + 1);
        n.setAttribute("aria-hidden", "true");
        var words = document.createElement("span");
        words.className = "words";
        words.textContent = text;
        var mark = document.createElement("span");
        mark.className = "mark";
        words.appendChild(mark);
        button.appendChild(n);
        button.appendChild(words);
        button.setAttribute("aria-label", "Option " + (i + 1) + ": " + text);
        button.addEventListener("click", function () { sendVote(vote.key, i + 1); });
        box.appendChild(button);
      });
    }
    Array.prototype.forEach.call(box.children, function (button) {
      var mine = Number(button.dataset.number) === vote.mine;
      button.setAttribute("aria-pressed", mine ? "true" : "false");
      button.querySelector(".mark").textContent = mine ? "✓ Your vote" : "";
    });
    drawResults(vote);
    show("vote");
    if (vote.revealed) {
      say("The vote is revealed." + (vote.mine ? " You voted for option " + vote.mine + "." : ""));
    } else if (vote.mine) {
      say("Your vote: option " + vote.mine + ". You can change it until the vote closes.");
    } else {
      say("The vote is open: choose what you would say.");
    }
  }

  function drawResults(vote) {
    var list = $("result-list");
    list.textContent = "";
    if (!vote.revealed || !vote.counts) { $("results").hidden = true; return; }
    var top = Math.max.apply(null, vote.counts.concat([1]));
    vote.counts.forEach(function (count, i) {
      var item = document.createElement("li");
      item.textContent = "Option " + (i + 1) + ": " + count + (count === 1 ? " vote" : " votes");
      var bar = document.createElement("div");
      bar.className = "bar";
      bar.style.width = Math.round(100 * count / top) + "%";
      bar.setAttribute("aria-hidden", "true");
      item.appendChild(bar);
      list.appendChild(item);
    });
    $("results").hidden = false;
  }

  function drawAsk(ask) {
    var box = $("questions");
    var signature = ask.when + "|" + ask.questions.join("|");
    if (signature !== shownAsk) {
      shownAsk = signature;
      box.textContent = "";
      ask.questions.forEach(function (question, q) {
        var set = document.createElement("fieldset");
        var legend = document.createElement("legend");
        legend.textContent = question;
        set.appendChild(legend);
        var scale = document.createElement("div");
        scale.className = "scale";
        for (var v = 1; v <= 5; v += 1) {
          (function (value) {
            var button = document.createElement("button");
            button.type = "button";
            button.textContent = String(value);
            button.setAttribute("aria-label", value + " of 5, question " + (q + 1));
            button.addEventListener("click", function () { sendRating(ask.when, q + 1, value); });
            scale.appendChild(button);
          })(v);
        }
        set.appendChild(scale);
        box.appendChild(set);
      });
      $("action").value = ask.text || "";
    }
    Array.prototype.forEach.call(box.querySelectorAll(".scale"), function (scale, q) {
      Array.prototype.forEach.call(scale.children, function (button, i) {
        button.setAttribute("aria-pressed", ask.ratings[q] === i + 1 ? "true" : "false");
      });
    });
    $("ask-heading").textContent = ask.when === "before" ?
      "How confident are you now?" : "How confident are you now, at the end?";
    $("action-form").hidden = !ask.action;
    show("ask");
    say("Rate each question from 1 to 5. Nobody sees your own answers on the projector.");
  }

  // --- sending ----------------------------------------------------------------------
  function answered(result) {
    if (result.ok) { render(result.data); return; }
    if (result.status === 401) { joined = false; showJoin(false); return; }
    say(result.data.error || "That did not go through; try again.");
    if (result.status === 409) { refresh(); }
  }
  function offline() { say("Cannot reach the room right now; trying again…"); startPolling(); }

  function sendVote(key, number) {
    call("POST", "/api/vote", { vote: key, option: number }).then(answered, offline);
  }
  function sendRating(when, question, value) {
    call("POST", "/api/rate", { when: when, question: question, value: value })
      .then(answered, offline);
  }
  $("action-form").addEventListener("submit", function (event) {
    event.preventDefault();
    call("POST", "/api/action", { text: $("action").value }).then(function (result) {
      answered(result);
      if (result.ok) { say("Your action is saved."); }
    }, offline);
  });

  // --- joining ------------------------------------------------------------------------
  function showJoin(names) {
    stopLive();
    $("name-row").hidden = !names;
    show("join");
    say("Type the room code shown on the projector.");
    $("code").focus();
  }
  $("join-form").addEventListener("submit", function (event) {
    event.preventDefault();
    $("join-error").textContent = "";
    var body = { secret: secret, code: $("code").value, name: $("name").value };
    call("POST", "/api/join", body).then(function (result) {
      if (!result.ok) {
        $("join-error").textContent = result.data.error || "That did not work; try again.";
        return;
      }
      joined = true;
      render(result.data);
      goLive();
    }, function () { $("join-error").textContent = "Cannot reach the room; check the Wi-Fi."; });
  });

  // --- staying live -------------------------------------------------------------------
  function refresh() {
    return call("GET", "/api/state").then(function (result) {
      if (result.status === 401) {
        joined = false;
        showJoin(Boolean(result.data.names));
        return;
      }
      if (result.ok) {
        joined = true;
        render(result.data);
        if (!socket) { goLive(); }
      } else {
        say(result.data.error || "The room did not answer; trying again…");
      }
    }, offline);
  }

  function goLive() {
    if (socket || !joined) { return; }
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    var ws = new WebSocket(scheme + location.host + "/api/ws");
    socket = ws;
    ws.onopen = function () { retryMs = 1000; stopPolling(); };
    ws.onmessage = function (event) {
      try { render(JSON.parse(event.data)); } catch (e) { /* a malformed push is ignored */ }
    };
    ws.onclose = function () {
      if (socket !== ws) { return; }
      socket = null;
      if (!state || (state.phase !== "closed" && state.phase !== "removed")) {
        startPolling();
        clearTimeout(retryTimer);
        retryTimer = setTimeout(goLive, retryMs);
        retryMs = Math.min(retryMs * 2, 15000);
      }
    };
  }

  function startPolling() {
    if (pollTimer) { return; }
    pollTimer = setInterval(refresh, 3000);
  }
  function stopPolling() { clearInterval(pollTimer); pollTimer = null; }
  function stopLive() {
    stopPolling();
    clearTimeout(retryTimer);
    if (socket) { var ws = socket; socket = null; ws.close(); }
  }

  refresh();
})();
