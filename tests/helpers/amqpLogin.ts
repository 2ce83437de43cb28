// Whether a RabbitMQ broker admits a user/password over AMQP 0-9-1: the protocol header, the server's
// Connection.Start, our Connection.Start-Ok (PLAIN), then Connection.Tune (admitted) or
// Connection.Close with 403 ACCESS_REFUSED (refused; we announce authentication_failure_close so the
// broker says so instead of dropping the socket). Hand-written rather than an npm client because it
// is only these three frames of the spec (amqp0-9-1.pdf §2.2.4, §4.2.3) and a client library would
// take a new dependency for a handshake.
import * as net from "net";

const FRAME_END = 0xce;
const CONNECTION = 10;
const START = 10,
  START_OK = 11,
  TUNE = 30,
  CLOSE = 50;

const shortstr = (s: string) => Buffer.concat([Buffer.from([Buffer.byteLength(s)]), Buffer.from(s)]);
const longstr = (b: Buffer) => Buffer.concat([u32(b.length), b]);
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(n);
  return b;
};
const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(n);
  return b;
};

function methodFrame(classId: number, methodId: number, args: Buffer): Buffer {
  const payload = Buffer.concat([u16(classId), u16(methodId), args]);
  return Buffer.concat([Buffer.from([1]), u16(0), u32(payload.length), payload, Buffer.from([FRAME_END])]);
}

function startOk(user: string, password: string): Buffer {
  const capability = Buffer.concat([shortstr("authentication_failure_close"), Buffer.from("t"), Buffer.from([1])]);
  const clientProperties = Buffer.concat([shortstr("capabilities"), Buffer.from("F"), longstr(capability)]);
  const response = Buffer.from(`\0${user}\0${password}`);
  return methodFrame(CONNECTION, START_OK, Buffer.concat([longstr(clientProperties), shortstr("PLAIN"), longstr(response), shortstr("en_US")]));
}

export type AmqpLogin = { admitted: true } | { admitted: false; replyCode?: number; replyText?: string };

export function amqpLogin(port: number, user: string, password: string, host = "127.0.0.1"): Promise<AmqpLogin> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
    let buffer = Buffer.alloc(0);
    const done = (result: AmqpLogin | Error) => {
      socket.destroy();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    socket.setTimeout(10_000, () => done(new Error("AMQP handshake timed out")));
    socket.on("error", (e) => done(e));
    socket.on("close", () => done({ admitted: false }));
    socket.on("connect", () => socket.write(Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1])));
    socket.on("data", (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      while (buffer.length >= 7) {
        const size = buffer.readUInt32BE(3);
        if (buffer.length < 8 + size) return;
        const payload = buffer.subarray(7, 7 + size);
        buffer = buffer.subarray(8 + size);
        if (payload.length < 4) return done(new Error("short AMQP frame"));
        const [classId, methodId] = [payload.readUInt16BE(0), payload.readUInt16BE(2)];
        if (classId !== CONNECTION) return done(new Error(`unexpected AMQP class ${classId}`));
        if (methodId === START) socket.write(startOk(user, password));
        else if (methodId === TUNE) return done({ admitted: true });
        else if (methodId === CLOSE) {
          const replyCode = payload.readUInt16BE(4);
          const replyText = payload.subarray(7, 7 + payload[6]).toString();
          return done({ admitted: false, replyCode, replyText });
        } else return done(new Error(`unexpected AMQP connection method ${methodId}`));
      }
    });
  });
}
