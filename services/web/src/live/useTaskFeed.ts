import { useEffect, useRef, useState } from "react";
import { useAuth } from "../auth/AuthProvider";
import { TaskSocket, taskSocketUrl, type TaskMessage } from "./TaskSocket";

/** Live task events while the component is shown; `onOpen` runs on every (re)connection. Gives
 * whether the socket is connected. */
export function useTaskFeed(onMessage: (message: TaskMessage) => void, onOpen: () => void): boolean {
  const { session } = useAuth();
  const [connected, setConnected] = useState(false);
  const handlers = useRef({ onMessage, onOpen });
  handlers.current = { onMessage, onOpen };

  useEffect(() => {
    const socket = new TaskSocket({
      url: taskSocketUrl(),
      token: () => session.accessToken(),
      refresh: () => session.refresh(),
      onMessage: (message) => handlers.current.onMessage(message),
      onOpen: () => handlers.current.onOpen(),
      onStatus: setConnected,
    });
    socket.start();
    const unsubscribe = session.subscribe((tokens) => tokens && socket.sendToken(tokens.access));
    return () => {
      unsubscribe();
      socket.stop();
    };
  }, [session]);

  return connected;
}
