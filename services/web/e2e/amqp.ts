import { execFileSync } from "node:child_process";

// RabbitMQ in the run's own vhost, through a few lines of aio-pika (the services' own client).
const REPOSITORY = new URL("../../..", import.meta.url).pathname;

const PUBLISH = `
import asyncio, json, os, aio_pika
from todo_shared.enums import Channel
from todo_shared.topology import DEAD_REMINDERS_QUEUE, declare_reminder_queues

async def main():
    connection = await aio_pika.connect(os.environ["AMQP_URL"])
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        for via in Channel:
            await declare_reminder_queues(channel, via)
        for letter in json.loads(os.environ["LETTERS"]):
            message = aio_pika.Message(json.dumps(letter["body"]).encode(), message_id=letter["message_id"],
                content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT, headers=letter["headers"])
            await channel.default_exchange.publish(message, routing_key=DEAD_REMINDERS_QUEUE)

asyncio.run(main())
`;

const TAKE = `
import asyncio, json, os, aio_pika

async def main():
    connection = await aio_pika.connect(os.environ["AMQP_URL"])
    async with connection:
        channel = await connection.channel()
        queue = await channel.get_queue(os.environ["QUEUE"], ensure=False)
        ids = []
        while (message := await queue.get(no_ack=True, fail=False)) is not None:
            ids.append(message.message_id)
        print(json.dumps(ids))

asyncio.run(main())
`;

function python(code: string, env: Record<string, string>): string {
  const amqpUrl = process.env.E2E_RUN_AMQP_URL!;
  return execFileSync("uv", ["run", "--quiet", "python", "-c", code], { cwd: REPOSITORY, env: { ...process.env, AMQP_URL: amqpUrl, ...env } }).toString();
}

export interface Letter {
  message_id: string;
  headers: Record<string, string | number>;
  body: Record<string, unknown>;
}

/** Put these letters in notifications.dead, as a worker that gave up on them does. */
export function publishDeadLetters(letters: Letter[]): void {
  python(PUBLISH, { LETTERS: JSON.stringify(letters) });
}

/** The message ids waiting in a queue, taken out of it. */
export function takeFrom(queue: string): string[] {
  return JSON.parse(python(TAKE, { QUEUE: queue }));
}
