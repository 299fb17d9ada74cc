import { useEffect, useRef, useState } from "react";
import { useAuth } from "../auth/AuthProvider";
import { TaskSocket, taskSocketUrl, type TaskMessage } from "./TaskSocket";

/** The server subscribes a socket only once it has read its token, and says nothing when it has:
 * what is loaded this long after the socket opened misses no event. */
export const SUBSCRIBED_AFTER_MS = 250;

/** Live task events while the component is shown; `onOpen` runs on every (re)connection. Gives
 * whether the socket is connected. */
export function useTaskFeed(onMessage: (message: TaskMessage) => void, onOpen: () => void): boolean {
  const { session } = useAuth();
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onMessage, onOpen });
  handlers.current = { onMessage, onOpen };

  useEffect(() => {
    let reload: ReturnType<typeof setTimeout> | undefined;
    const socket = new TaskSocket({
      url: taskSocketUrl(),
      token: () => session.accessToken(),
      refresh: () => session.refresh(),
      onMessage: (message) => handlers.current.onMessage(message),
      onOpen: () => {
        clearTimeout(reload);
        reload = setTimeout(() => handlers.current.onOpen(), SUBSCRIBED_AFTER_MS);
      },
      onStatus: setConnected,
    });
    socket.start();
    const unsubscribe = session.subscribe((tokens) => tokens && socket.sendToken(tokens.access));
    return () => {
      clearTimeout(reload);
      unsubscribe();
      socket.stop();
    };
  }, [session]);

  return connected;
}
