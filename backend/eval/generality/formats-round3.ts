// Generality set, round 3 (part 1 of 4; formats-round3b/c/d.ts hold the rest):
// formats written from their own documentation and real output, before any miner change of round
// 3; untouched in round 3 (scored once, at its end), tuned from round 4 on (README.md). None of
// them is in LogHub or in rounds 1-2. Here: a Spring Boot service with Java stack traces; the
// shared helpers.
//
// Truth conventions are README.md's: a template is one log statement; its parameters are
// variables however few values they take; structured lines are their message template plus their
// key set (a line with no or an empty message field is its key set); header fields are variables;
// a line that a logging framework prints for a stack trace (a frame, `Caused by:`, `... N common
// frames omitted`) is one statement of that printer, its content the parameters.
import { Gen, T, v, jsonLine, type Made } from './gen-lib.js';
import type { FormatSpec } from './formats.js';

const p2 = (n: number) => String(n).padStart(2, '0');
const p3 = (n: number) => String(n).padStart(3, '0');

/** Concatenate made parts (a header and a message). */
export function cat(...parts: Made[]): Made {
  return { line: parts.map((p) => p.line).join(''), template: parts.map((p) => p.template).join('') };
}

/** A JSON line whose message field holds a constant text (its own template). */
export function constMessage(text: string): Made {
  return { line: text, template: text };
}

// ---------------------------------------------------------------------------------------------
// 23. Spring Boot 3.3 service (Java 21) on its default console pattern: `%d{ISO8601 with XXX}
// %5p PID --- [app] [%15.15t] %-40.40logger{39} : %m%n`, with Tomcat, Hikari, Hibernate and
// Spring Kafka lines, and exceptions printed by `%wEx` (frames with packaging data) one line each.

function springTime(g: Gen): string {
  return new Date(g.now).toISOString();
}

/** `%15.15t`: left-padded to 15, cut from the left to the last 15 characters. */
function thread15(t: string): string {
  return t.length > 15 ? t.slice(-15) : t.padStart(15, ' ');
}

function spring(g: Gen, level: string, thread: string, logger: string, msg: Made): Made {
  const name = logger.length > 40 ? logger.slice(-40) : logger.padEnd(40, ' ');
  return cat(
    T`${v(springTime(g))} ${level.padStart(5, ' ')} ${v(1)} --- [${v('orders-service')}] [${v(thread15(thread))}] ${name} : `,
    msg
  );
}

const execThread = (g: Gen) => `http-nio-8080-exec-${g.int(1, 40)}`;

const FRAMES_WEB = [
  'org.springframework.web.servlet.FrameworkServlet.processRequest(FrameworkServlet.java:1014) ~[spring-webmvc-6.1.10.jar:6.1.10]',
  'org.springframework.web.servlet.DispatcherServlet.doDispatch(DispatcherServlet.java:1089) ~[spring-webmvc-6.1.10.jar:6.1.10]',
  'org.springframework.web.method.support.InvocableHandlerMethod.invokeForRequest(InvocableHandlerMethod.java:178) ~[spring-web-6.1.10.jar:6.1.10]',
  'org.apache.catalina.core.ApplicationFilterChain.doFilter(ApplicationFilterChain.java:138) ~[tomcat-embed-core-10.1.25.jar:10.1.25]',
  'org.apache.coyote.http11.Http11Processor.service(Http11Processor.java:391) ~[tomcat-embed-core-10.1.25.jar:10.1.25]',
  'org.apache.tomcat.util.threads.ThreadPoolExecutor.runWorker(ThreadPoolExecutor.java:1190) ~[tomcat-embed-core-10.1.25.jar:10.1.25]',
  'java.base/java.lang.Thread.run(Thread.java:1583) ~[na:na]',
];
const FRAMES_APP = [
  'com.acme.orders.service.InventoryClient.reserve(InventoryClient.java:88) ~[!/:1.4.2]',
  'com.acme.orders.service.OrderService.placeOrder(OrderService.java:142) ~[!/:1.4.2]',
  'com.acme.orders.web.OrderController.create(OrderController.java:57) ~[!/:1.4.2]',
  'java.base/jdk.internal.reflect.DirectMethodHandleAccessor.invoke(DirectMethodHandleAccessor.java:103) ~[na:na]',
];
const FRAMES_NET = [
  'java.base/sun.nio.ch.Net.pollConnect(Native Method) ~[na:na]',
  'java.base/sun.nio.ch.NioSocketImpl.timedFinishConnect(NioSocketImpl.java:554) ~[na:na]',
  'java.base/java.net.Socket.connect(Socket.java:751) ~[na:na]',
  'java.base/sun.net.www.http.HttpClient.openServer(HttpClient.java:531) ~[na:na]',
  'org.springframework.http.client.SimpleClientHttpRequest.executeInternal(SimpleClientHttpRequest.java:79) ~[spring-web-6.1.10.jar:6.1.10]',
  'org.springframework.web.client.RestTemplate.doExecute(RestTemplate.java:879) ~[spring-web-6.1.10.jar:6.1.10]',
];

/** Stack-trace lines as `%wEx` prints them: `\tat frame`, `Caused by: ...`, `\t... N common frames omitted`. */
function frames(g: Gen, pool: string[], n: number): Made[] {
  const start = g.int(0, Math.max(0, pool.length - n));
  return pool.slice(start, start + n).map((f) => T`\tat ${v(f)}`);
}
function exceptionLine(cls: string, message: string): Made {
  return T`${v(cls)}: ${v(message)}`;
}

const SKUS = ['SKU-1042', 'SKU-2210', 'SKU-3377', 'SKU-0091'];

const springBoot: FormatSpec = {
  name: 'spring-boot',
  split: 'tuned',
  description:
    'Spring Boot 3.3 service, default console pattern: Tomcat, Hikari, Hibernate, Kafka, stack traces line by line',
  templates: [
    {
      w: 30,
      make: (g) =>
        spring(
          g,
          'INFO',
          execThread(g),
          'c.a.orders.web.OrderController',
          T`Created order ${v(g.int(100000, 999999))} for customer ${v(`c-${g.int(1000, 9999)}`)} with ${v(g.int(1, 9))} items (total ${v(g.float(5, 400, 2))} ${v(g.pickSkewed(['EUR', 'EUR', 'USD', 'GBP']))})`
        ),
    },
    {
      w: 24,
      make: (g) =>
        spring(
          g,
          'INFO',
          execThread(g),
          'c.a.orders.service.InventoryClient',
          T`Reserved ${v(g.int(1, 5))} units of ${v(g.pick(SKUS))} in warehouse ${v(g.pick(['berlin-1', 'leipzig-2']))}`
        ),
    },
    {
      w: 22,
      make: (g) =>
        spring(
          g,
          'INFO',
          execThread(g),
          'c.a.orders.service.PaymentClient',
          T`Payment authorized for order ${v(g.int(100000, 999999))} via ${v(g.pickSkewed(['stripe', 'adyen', 'paypal']))} in ${v(g.int(80, 2400))} ms`
        ),
    },
    {
      w: 5,
      make: (g) =>
        spring(
          g,
          'WARN',
          execThread(g),
          'c.a.orders.service.PaymentClient',
          T`Payment declined for order ${v(g.int(100000, 999999))}: ${v(g.pickSkewed(['insufficient_funds', 'card_declined', 'expired_card', 'do_not_honor']))}`
        ),
    },
    {
      w: 20,
      make: (g) => {
        const type = g.pickSkewed(['OrderPaid', 'OrderShipped', 'OrderCancelled', 'OrderRefunded']);
        return spring(
          g,
          'INFO',
          `org.springframework.kafka.KafkaListenerEndpointContainer#0-${g.int(0, 2)}-C-1`,
          'c.a.orders.kafka.OrderEventsListener',
          T`Consumed ${v(type)} event for order ${v(g.int(100000, 999999))} from partition ${v(g.int(0, 5))} offset ${v(g.int(1000, 900000))}`
        );
      },
    },
    {
      w: 14,
      make: (g) =>
        spring(
          g,
          'INFO',
          `scheduling-1`,
          'c.a.orders.scheduling.OutboxPublisher',
          T`Published ${v(g.pickSkewed([0, 1, 2, 3, 5, 8, 13, 40]))} outbox events in ${v(g.int(1, 300))} ms`
        ),
    },
    {
      w: 6,
      make: (g) => {
        const [exc, msg] = g.pickSkewed([
          [
            'org.springframework.web.servlet.resource.NoResourceFoundException',
            `No static resource ${g.pick(['favicon.ico', 'robots.txt', 'wp-login.php', '.env'])}.`,
          ],
          [
            'org.springframework.web.HttpRequestMethodNotSupportedException',
            `Request method '${g.pick(['PUT', 'PATCH', 'DELETE'])}' is not supported`,
          ],
          [
            'org.springframework.web.bind.MissingServletRequestParameterException',
            `Required request parameter '${g.pick(['page', 'customerId'])}' for method parameter type ${g.pick(['int', 'String'])} is not present`,
          ],
          [
            'org.springframework.http.converter.HttpMessageNotReadableException',
            'JSON parse error: Unexpected end-of-input: expected close marker for Object',
          ],
        ]);
        return spring(
          g,
          'WARN',
          execThread(g),
          'o.s.w.s.m.s.DefaultHandlerExceptionResolver',
          T`Resolved [${v(`${exc}: ${msg}`)}]`
        );
      },
    },
    {
      w: 3,
      make: (g) => {
        const t = execThread(g);
        const key = g.uuid();
        return [
          spring(
            g,
            'WARN',
            t,
            'o.h.engine.jdbc.spi.SqlExceptionHelper',
            T`SQL Error: ${v(0)}, SQLState: ${v('23505')}`
          ),
          spring(
            g,
            'ERROR',
            t,
            'o.h.engine.jdbc.spi.SqlExceptionHelper',
            T`ERROR: duplicate key value violates unique constraint "${v('orders_idempotency_key_uq')}"`
          ),
          T`  Detail: Key (${v('idempotency_key')})=(${v(key)}) already exists.`,
        ];
      },
    },
    {
      w: 2,
      make: (g) =>
        spring(
          g,
          'WARN',
          'HikariPool-1 housekeeper',
          'com.zaxxer.hikari.pool.HikariPool',
          T`${v('HikariPool-1')} - Thread starvation or clock leap detected (housekeeper delta=${v(`${g.int(1, 3)}m${g.int(1, 59)}s${g.int(1, 999)}ms`)}).`
        ),
    },
    {
      w: 2,
      make: (g) =>
        spring(
          g,
          'WARN',
          execThread(g),
          'com.zaxxer.hikari.pool.PoolBase',
          T`${v('HikariPool-1')} - Failed to validate connection ${v(`org.postgresql.jdbc.PgConnection@${g.hex(8)}`)} (${v('This connection has been closed.')}). Possibly consider using a shorter maxLifetime value.`
        ),
    },
    {
      w: 3,
      make: (g) => {
        const t = execThread(g);
        const why = `Order total mismatch: expected ${g.float(5, 400, 2)} but was ${g.float(5, 400, 2)}`;
        return [
          spring(
            g,
            'ERROR',
            t,
            'o.a.c.c.C.[.[.[/].[dispatcherServlet]',
            T`Servlet.service() for servlet [${v('dispatcherServlet')}] in context with path [${v('')}] threw exception [${v(`Request processing failed: java.lang.IllegalStateException: ${why}`)}] with root cause`
          ),
          T``,
          exceptionLine('java.lang.IllegalStateException', why),
          ...frames(g, FRAMES_APP, 3),
          ...frames(g, FRAMES_WEB, g.int(3, 6)),
        ];
      },
    },
    {
      w: 3,
      make: (g) => {
        const t = execThread(g);
        const host = g.pick(['inventory', 'pricing']);
        return [
          spring(
            g,
            'ERROR',
            t,
            'c.a.orders.service.OrderService',
            T`Order placement failed for customer ${v(`c-${g.int(1000, 9999)}`)}`
          ),
          T``,
          exceptionLine(
            'org.springframework.web.client.ResourceAccessException',
            `I/O error on POST request for "http://${host}:8080/api/reservations": ${g.pick(['Connection refused', 'Read timed out'])}`
          ),
          ...frames(g, FRAMES_NET.slice(4), 2),
          ...frames(g, FRAMES_APP, 2),
          T`Caused by: ${v('java.net.ConnectException')}: ${v('Connection refused')}`,
          ...frames(g, FRAMES_NET, g.int(2, 4)),
          T`\t... ${v(g.int(38, 64))} common frames omitted`,
        ];
      },
    },
    {
      w: 1,
      make: (g) => {
        const ms = (a: number, b: number) => g.int(a, b);
        return [
          spring(
            g,
            'INFO',
            'main',
            'c.a.orders.OrdersServiceApplication',
            T`Starting OrdersServiceApplication v${v('1.4.2')} using Java ${v('21.0.3')} with PID ${v(1)} (${v('/app/app.jar')} started by ${v('app')} in ${v('/app')})`
          ),
          spring(
            g,
            'INFO',
            'main',
            'c.a.orders.OrdersServiceApplication',
            T`The following 1 profile is active: "${v('prod')}"`
          ),
          spring(
            g,
            'INFO',
            'main',
            '.s.d.r.c.RepositoryConfigurationDelegate',
            T`Bootstrapping Spring Data JPA repositories in DEFAULT mode.`
          ),
          spring(
            g,
            'INFO',
            'main',
            '.s.d.r.c.RepositoryConfigurationDelegate',
            T`Finished Spring Data repository scanning in ${v(ms(40, 300))} ms. Found ${v(5)} JPA repository interfaces.`
          ),
          spring(
            g,
            'INFO',
            'main',
            'o.s.b.w.embedded.tomcat.TomcatWebServer',
            T`Tomcat initialized with port ${v(8080)} (http)`
          ),
          spring(g, 'INFO', 'main', 'o.apache.catalina.core.StandardService', T`Starting service [${v('Tomcat')}]`),
          spring(
            g,
            'INFO',
            'main',
            'o.apache.catalina.core.StandardEngine',
            T`Starting Servlet engine: [${v('Apache Tomcat/10.1.25')}]`
          ),
          spring(
            g,
            'INFO',
            'main',
            'o.a.c.c.C.[Tomcat].[localhost].[/]',
            T`Initializing Spring embedded WebApplicationContext`
          ),
          spring(
            g,
            'INFO',
            'main',
            'w.s.c.ServletWebServerApplicationContext',
            T`Root WebApplicationContext: initialization completed in ${v(ms(900, 4000))} ms`
          ),
          spring(g, 'INFO', 'main', 'com.zaxxer.hikari.HikariDataSource', T`${v('HikariPool-1')} - Starting...`),
          spring(
            g,
            'INFO',
            'main',
            'com.zaxxer.hikari.pool.HikariPool',
            T`${v('HikariPool-1')} - Added connection ${v(`org.postgresql.jdbc.PgConnection@${g.hex(8)}`)}`
          ),
          spring(g, 'INFO', 'main', 'com.zaxxer.hikari.HikariDataSource', T`${v('HikariPool-1')} - Start completed.`),
          spring(
            g,
            'INFO',
            'main',
            'o.hibernate.jpa.internal.util.LogHelper',
            T`HHH000204: Processing PersistenceUnitInfo [name: ${v('default')}]`
          ),
          spring(
            g,
            'INFO',
            'main',
            'o.s.b.a.e.web.EndpointLinksResolver',
            T`Exposing ${v(3)} endpoint(s) beneath base path '${v('/actuator')}'`
          ),
          spring(
            g,
            'INFO',
            'main',
            'o.s.b.w.embedded.tomcat.TomcatWebServer',
            T`Tomcat started on port ${v(8080)} (http) with context path '${v('/')}'`
          ),
          spring(
            g,
            'INFO',
            'main',
            'c.a.orders.OrdersServiceApplication',
            T`Started OrdersServiceApplication in ${v(g.float(5, 12, 3))} seconds (process running for ${v(g.float(12, 14, 3))})`
          ),
        ];
      },
    },
    {
      w: 1,
      make: (g) => {
        const t = execThread(g);
        return [
          spring(
            g,
            'INFO',
            t,
            'o.a.c.c.C.[Tomcat].[localhost].[/]',
            T`Initializing Spring DispatcherServlet '${v('dispatcherServlet')}'`
          ),
          spring(
            g,
            'INFO',
            t,
            'o.s.web.servlet.DispatcherServlet',
            T`Initializing Servlet '${v('dispatcherServlet')}'`
          ),
          spring(
            g,
            'INFO',
            t,
            'o.s.web.servlet.DispatcherServlet',
            T`Completed initialization in ${v(g.int(1, 3))} ms`
          ),
        ];
      },
    },
    {
      w: 1,
      make: (g) => [
        spring(
          g,
          'INFO',
          'SpringApplicationShutdownHook',
          'o.s.b.w.e.tomcat.GracefulShutdown',
          T`Commencing graceful shutdown. Waiting for active requests to complete`
        ),
        spring(g, 'INFO', 'tomcat-shutdown', 'o.s.b.w.e.tomcat.GracefulShutdown', T`Graceful shutdown complete`),
        spring(
          g,
          'INFO',
          'SpringApplicationShutdownHook',
          'com.zaxxer.hikari.HikariDataSource',
          T`${v('HikariPool-1')} - Shutdown initiated...`
        ),
        spring(
          g,
          'INFO',
          'SpringApplicationShutdownHook',
          'com.zaxxer.hikari.HikariDataSource',
          T`${v('HikariPool-1')} - Shutdown completed.`
        ),
      ],
    },
  ],
};

export const ROUND3_FORMATS_A: readonly FormatSpec[] = [springBoot];
