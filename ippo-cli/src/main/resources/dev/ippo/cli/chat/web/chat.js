'use strict';
/*
 * The Ippo chat page. Talks JSON to ws(s)://<this host>/chat; pictures go both ways as
 * binary messages (the server sends an "image" message, then the picture's bytes).
 * Reconnects by itself after a close (0.5 s, doubling to 8 s, reset once open) and joins
 * again under the same name, in the same room. A click on a room in the list moves there.
 * Everything from the network is shown with textContent.
 */
(function () {
  const MAX_PICTURE_BYTES = 512 * 1024;
  const FIRST_RETRY_MS = 500;
  const LAST_RETRY_MS = 8000;
  const STATE_NAMES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

  const el = {
    state: document.getElementById('state'),
    messages: document.getElementById('messages'),
    users: document.getElementById('users'),
    joinForm: document.getElementById('join-form'),
    name: document.getElementById('name'),
    room: document.getElementById('room'),
    roomNames: document.getElementById('room-names'),
    rooms: document.getElementById('rooms'),
    roomName: document.getElementById('room-name'),
    join: document.getElementById('join'),
    messageForm: document.getElementById('message-form'),
    message: document.getElementById('message'),
    picture: document.getElementById('picture'),
    send: document.getElementById('send'),
  };

  let socket = null;
  let retryMs = FIRST_RETRY_MS;
  let myName = null;          // the name the server welcomed; joined again after a reconnect
  let myRoom = null;          // the room it welcomed us to
  let moving = false;         // a join to another room is on its way; a refusal keeps us here
  let pendingImage = null;    // the "image" message whose bytes come in the next binary one
  let objectUrls = [];        // the pictures shown, released when the list is cleared

  function connect() {
    const scheme = location.protocol === 'https:' ? 'wss://' : 'ws://';
    socket = new WebSocket(scheme + location.host + '/chat');
    socket.binaryType = 'arraybuffer';
    pendingImage = null;
    moving = false;
    socket.onopen = function () {
      retryMs = FIRST_RETRY_MS;
      showState();
      if (myName !== null) {
        send({ type: 'join', name: myName, room: myRoom });
      }
    };
    socket.onmessage = function (event) {
      if (event.data instanceof ArrayBuffer) {
        receivedPicture(event.data);
      } else {
        received(event.data);
      }
    };
    socket.onerror = showState;
    socket.onclose = function () {
      showState();
      const wait = retryMs;
      retryMs = Math.min(retryMs * 2, LAST_RETRY_MS);
      setTimeout(connect, wait);
    };
    showState();
  }

  function isOpen() {
    return socket !== null && socket.readyState === WebSocket.OPEN;
  }

  function send(message) {
    if (isOpen()) {
      socket.send(JSON.stringify(message));
    }
  }

  function showState() {
    const name = socket === null ? 'CLOSED' : STATE_NAMES[socket.readyState];
    el.state.textContent = name;
    el.state.setAttribute('data-state', name);
    const open = name === 'OPEN';
    el.join.disabled = !open;
    el.send.disabled = !open;
    el.picture.disabled = !open;
  }

  function received(data) {
    let message;
    try {
      message = JSON.parse(data);
    } catch (e) {
      return; // not ours to show
    }
    switch (message.type) {
      case 'welcome': welcomed(message); break;
      case 'message': addEntry(messageItem(message)); break;
      case 'join': addEntry(noticeItem(message.name + ' joined', message.time)); break;
      case 'leave': addEntry(noticeItem(message.name + ' left', message.time)); break;
      case 'users': showUsers(message.users); break;
      case 'rooms': showRooms(message.rooms); break;
      case 'image': pendingImage = message; break;
      case 'error': refused(message); break;
      default: break;
    }
  }

  function welcomed(message) {
    myName = message.name;
    myRoom = message.room;
    moving = false;
    el.room.value = myRoom;
    el.roomName.textContent = myRoom;
    markCurrentRoom();
    clearMessages();
    for (const entry of message.history || []) {
      if (entry.type === 'message') {
        addEntry(messageItem(entry));
      } else if (entry.type === 'join' || entry.type === 'leave') {
        addEntry(noticeItem(entry.name + (entry.type === 'join' ? ' joined' : ' left'), entry.time));
      }
    }
    showUsers(message.users);
    el.joinForm.hidden = true;
    el.messageForm.hidden = false;
    el.message.focus();
  }

  function refused(message) {
    addEntry(errorItem(message.message || message.code, message.code));
    const joinRefused = message.code === 'name_taken' || message.code === 'name_invalid'
        || message.code === 'room_invalid';
    if (joinRefused && moving) {
      moving = false; // still in the room we were in
    } else if (joinRefused) {
      // A join that failed, maybe the automatic one after a reconnect: ask for a name again.
      if (myName !== null && !el.name.value) {
        el.name.value = myName;
      }
      myName = null;
      el.messageForm.hidden = true;
      el.joinForm.hidden = false;
      el.name.focus();
    }
  }

  function receivedPicture(buffer) {
    const header = pendingImage;
    pendingImage = null;
    if (header === null) {
      return; // bytes without their "image" message: nothing says whose they are
    }
    const url = URL.createObjectURL(new Blob([buffer], { type: header.mime }));
    objectUrls.push(url);
    const li = entryItem('image', header.name, header.time);
    const img = document.createElement('img');
    img.alt = 'picture from ' + header.name;
    img.src = url;
    img.addEventListener('load', keepScrolledIfNear, { once: true });
    li.appendChild(img);
    addEntry(li);
  }

  function entryItem(kind, name, time) {
    const li = document.createElement('li');
    li.className = kind;
    const who = document.createElement('span');
    who.className = 'name';
    who.textContent = name;
    li.appendChild(who);
    li.appendChild(timeItem(time));
    return li;
  }

  function messageItem(message) {
    const li = entryItem('message', message.name, message.time);
    if (message.name === myName) {
      li.classList.add('mine');
    }
    const text = document.createElement('span');
    text.className = 'text';
    text.textContent = message.text;
    li.appendChild(text);
    return li;
  }

  function noticeItem(text, time) {
    const li = document.createElement('li');
    li.className = 'notice';
    li.appendChild(document.createTextNode(text));
    li.appendChild(timeItem(time));
    return li;
  }

  function errorItem(text, code) {
    const li = document.createElement('li');
    li.className = 'error';
    if (code) {
      li.setAttribute('data-code', code);
    }
    li.textContent = text;
    return li;
  }

  function timeItem(epochMs) {
    const time = document.createElement('time');
    const when = typeof epochMs === 'number' ? new Date(epochMs) : new Date();
    time.dateTime = when.toISOString();
    time.textContent = when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
    return time;
  }

  /** Adds an entry at the bottom, following it if the reader was at the bottom already. */
  function addEntry(li) {
    const list = el.messages;
    const nearBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.appendChild(li);
    if (nearBottom) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function keepScrolledIfNear() {
    const list = el.messages;
    if (list.scrollHeight - list.scrollTop - list.clientHeight < list.clientHeight / 2) {
      list.scrollTop = list.scrollHeight;
    }
  }

  function clearMessages() {
    for (const url of objectUrls) {
      URL.revokeObjectURL(url);
    }
    objectUrls = [];
    el.messages.replaceChildren();
  }

  function showUsers(users) {
    el.users.replaceChildren(...(users || []).map(function (user) {
      const li = document.createElement('li');
      li.textContent = user;
      if (user === myName) {
        li.className = 'me';
      }
      return li;
    }));
  }

  function showRooms(rooms) {
    el.rooms.replaceChildren(...(rooms || []).map(function (room) {
      const li = document.createElement('li');
      li.dataset.room = room;
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = room;
      button.addEventListener('click', function () { chooseRoom(room); });
      li.appendChild(button);
      return li;
    }));
    el.roomNames.replaceChildren(...(rooms || []).map(function (room) {
      const option = document.createElement('option');
      option.value = room;
      return option;
    }));
    markCurrentRoom();
  }

  function markCurrentRoom() {
    for (const li of el.rooms.children) {
      li.classList.toggle('current', li.dataset.room === myRoom);
    }
  }

  /** A click on a room: move there when joined, else pick it for the join. */
  function chooseRoom(room) {
    if (myName !== null && !el.messageForm.hidden) {
      if (room !== myRoom) {
        moving = true;
        send({ type: 'join', name: myName, room: room });
      }
    } else {
      el.room.value = room;
      el.name.focus();
    }
  }

  el.joinForm.addEventListener('submit', function (event) {
    event.preventDefault();
    const name = el.name.value.trim();
    const room = el.room.value.trim() || 'lobby';
    if (name) {
      send({ type: 'join', name: name, room: room });
    }
  });

  el.messageForm.addEventListener('submit', function (event) {
    event.preventDefault();
    const text = el.message.value.trim();
    if (text && isOpen()) {
      send({ type: 'message', text: text });
      el.message.value = '';
    }
    el.message.focus();
  });

  el.picture.addEventListener('change', function () {
    const file = el.picture.files && el.picture.files[0];
    if (!file) {
      return;
    }
    if (file.size > MAX_PICTURE_BYTES) {
      el.picture.value = '';
      addEntry(errorItem(file.name + ' is too large: pictures are at most 512 KiB', 'image_too_large'));
      return;
    }
    file.arrayBuffer().then(function (buffer) {
      if (isOpen()) {
        socket.send(buffer);
      }
    }).finally(function () {
      // Cleared, so that choosing the same file again sends it again.
      el.picture.value = '';
    });
  });

  connect();
})();
