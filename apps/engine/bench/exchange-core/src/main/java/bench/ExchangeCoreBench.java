package bench;

import exchange.core2.collections.objpool.ObjectsPool;
import exchange.core2.core.common.CoreSymbolSpecification;
import exchange.core2.core.common.L2MarketData;
import exchange.core2.core.common.MatcherEventType;
import exchange.core2.core.common.MatcherTradeEvent;
import exchange.core2.core.common.OrderAction;
import exchange.core2.core.common.OrderType;
import exchange.core2.core.common.SymbolType;
import exchange.core2.core.common.cmd.CommandResultCode;
import exchange.core2.core.common.cmd.OrderCommand;
import exchange.core2.core.common.cmd.OrderCommandType;
import exchange.core2.core.common.config.LoggingConfiguration;
import exchange.core2.core.orderbook.IOrderBook;
import exchange.core2.core.orderbook.OrderBookDirectImpl;
import exchange.core2.core.orderbook.OrderBookEventsHelper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * exchange-core's OrderBookDirectImpl as a peer of bench:engine. Reads the stream our generator wrote
 * (bench/workload.ts, writeStreamFile), converts it once to OrderCommands, and then serves requests on stdin,
 * one per line, answering each with one JSON line on stdout:
 *
 * <ul>
 *   <li>{@code begin}: fresh book, prefill (not timed), for the slices that follow</li>
 *   <li>{@code slice FROM TO}: commands FROM..TO-1 on the book of the last {@code begin}, timed in one loop (wall and
 *       this thread's CPU time): bench-engine.ts interleaves the slices of every side, so all sides run through the same
 *       moments of the machine</li>
 *   <li>{@code state}: the end state of the book of the last {@code begin}</li>
 *   <li>{@code latency}: fresh book, prefill, System.nanoTime() around every command; percentiles in us</li>
 *   <li>{@code quit}</li>
 * </ul>
 *
 * The timed loop is the one of exchange-core's own order-book perf test (ITOrderBookBase): copy each command
 * into one work command, mark it valid for matching, IOrderBook.processCommand, single-threaded. It also walks
 * each command's event chain to count trades, as our side counts fills, so neither side's results are dead.
 * The answers of {@code state} and {@code latency} carry the trade count, traded volume, resting order count and a
 * hash of the final L2 book, computed exactly as bench-engine.ts computes them for our books.
 */
public final class ExchangeCoreBench {

    // Record layout of the stream file: little-endian int32 fields (see workload.ts).
    private static final int MAGIC = 0x31424345; // "ECB1"
    private static final int FIELDS = 6;
    private static final int KIND_GTC = 0, KIND_IOC = 1, KIND_FOK = 2, KIND_CANCEL = 3, KIND_MOVE = 4, KIND_REDUCE = 5;

    private static final CoreSymbolSpecification SYMBOL = CoreSymbolSpecification.builder()
            .symbolId(1)
            // A futures contract, as in exchange-core's own order-book perf test: no bid reserve-price check
            // on move (our book-only side has none either; funds are the Exchange's job).
            .type(SymbolType.FUTURES_CONTRACT)
            .baseCurrency(1)
            .quoteCurrency(2)
            .baseScaleK(1)
            .quoteScaleK(1)
            .takerFee(0)
            .makerFee(0)
            .build();

    private final OrderCommand[] prefill;
    private final OrderCommand[] commands;
    private IOrderBook book;
    private long trades;
    private long tradedVolume;

    private ExchangeCoreBench(OrderCommand[] prefill, OrderCommand[] commands) {
        this.prefill = prefill;
        this.commands = commands;
    }

    static OrderCommand[][] readStream(Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (buf.getInt() != MAGIC) throw new IOException(file + ": not a bench stream file (bad magic)");
        int prefillCount = buf.getInt();
        int commandCount = buf.getInt();
        if (buf.remaining() != (prefillCount + commandCount) * FIELDS * 4) {
            throw new IOException(file + ": expected " + (prefillCount + commandCount) + " records, size does not match");
        }
        OrderCommand[] prefill = new OrderCommand[prefillCount];
        OrderCommand[] commands = new OrderCommand[commandCount];
        for (int i = 0; i < prefillCount + commandCount; i++) {
            OrderCommand cmd = toCommand(buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt(), buf.getInt());
            if (i < prefillCount) prefill[i] = cmd;
            else commands[i - prefillCount] = cmd;
        }
        return new OrderCommand[][]{prefill, commands};
    }

    /**
     * One stream record as an exchange-core command. FOK becomes FOK_BUDGET (0.5.3 has no plain FOK) with the
     * budget of the whole size at the limit price: the generator keeps every resting price within the limits
     * it gives instant orders, so both fill completely or not at all on the same books.
     */
    static OrderCommand toCommand(int kind, int side, int orderId, int uid, int price, int size) {
        OrderAction action = side == 0 ? OrderAction.BID : OrderAction.ASK;
        switch (kind) {
            case KIND_GTC:
                return OrderCommand.newOrder(OrderType.GTC, orderId, uid, price, price, size, action);
            case KIND_IOC:
                return OrderCommand.newOrder(OrderType.IOC, orderId, uid, price, price, size, action);
            case KIND_FOK:
                return OrderCommand.newOrder(OrderType.FOK_BUDGET, orderId, uid, (long) price * size, (long) price * size, size, action);
            case KIND_CANCEL:
                return OrderCommand.cancel(orderId, uid);
            case KIND_MOVE:
                return OrderCommand.update(orderId, uid, price);
            case KIND_REDUCE:
                return OrderCommand.reduce(orderId, uid, size);
            default:
                throw new IllegalArgumentException("unknown command kind " + kind);
        }
    }

    private static IOrderBook newBook() {
        return new OrderBookDirectImpl(SYMBOL, ObjectsPool.createDefaultTestPool(), OrderBookEventsHelper.NON_POOLED_EVENTS_HELPER,
                LoggingConfiguration.DEFAULT);
    }

    private void prepare() {
        book = newBook();
        trades = 0;
        tradedVolume = 0;
        OrderCommand work = new OrderCommand();
        for (OrderCommand cmd : prefill) apply(work, cmd);
        trades = 0;
        tradedVolume = 0;
    }

    private void apply(OrderCommand work, OrderCommand cmd) {
        cmd.writeTo(work);
        work.resultCode = CommandResultCode.VALID_FOR_MATCHING_ENGINE;
        work.matcherEvent = null;
        IOrderBook.processCommand(book, work);
        for (MatcherTradeEvent e = work.matcherEvent; e != null; e = e.nextEvent) {
            if (e.eventType == MatcherEventType.TRADE) {
                trades++;
                tradedVolume += e.size;
            }
        }
    }

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private OrderCommand sliceWork;

    private void begin() {
        prepare();
        sliceWork = new OrderCommand();
    }

    /**
     * Commands {@code from..to-1}, continuing the book of the last {@link #begin}: wall seconds and CPU seconds of this
     * thread (as on our side: a slice lasts milliseconds, and the JVM counts its process CPU time in 10 ms clock ticks).
     */
    private double[] slice(int from, int to) {
        if (sliceWork == null) throw new IllegalStateException("slice before begin");
        if (from < 0 || to > commands.length || from > to) throw new IllegalArgumentException("slice " + from + " " + to + " out of 0.." + commands.length);
        OrderCommand work = sliceWork;
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        for (int i = from; i < to; i++) apply(work, commands[i]);
        long t1 = System.nanoTime();
        return new double[]{(t1 - t0) / 1e9, (THREADS.getCurrentThreadCpuTime() - c0) / 1e9};
    }

    private String latency() {
        prepare();
        OrderCommand work = new OrderCommand();
        long[] lat = new long[commands.length];
        for (int i = 0; i < commands.length; i++) {
            long t0 = System.nanoTime();
            apply(work, commands[i]);
            lat[i] = System.nanoTime() - t0;
        }
        Arrays.sort(lat);
        return String.format(Locale.ROOT, "\"latencyUs\":{\"p50\":%.3f,\"p99\":%.3f,\"p9999\":%.3f,\"max\":%.3f}", pct(lat, 50), pct(lat, 99), pct(lat, 99.99),
                lat[lat.length - 1] / 1000.0);
    }

    private static double pct(long[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.floor(p / 100 * sorted.length))] / 1000.0;
    }

    /** The final state, hashed the way bench-engine.ts hashes ours: bids best first, then asks best first. */
    private String state() {
        L2MarketData l2 = book.getL2MarketDataSnapshot(Integer.MAX_VALUE);
        int h = 17;
        for (int i = 0; i < l2.bidSize; i++) h = mix(mix(h, l2.bidPrices[i]), l2.bidVolumes[i]);
        h = mix(h, -1);
        for (int i = 0; i < l2.askSize; i++) h = mix(mix(h, l2.askPrices[i]), l2.askVolumes[i]);
        long orders = (long) book.getOrdersNum(OrderAction.BID) + book.getOrdersNum(OrderAction.ASK);
        return String.format(Locale.ROOT, "\"trades\":%d,\"tradedVolume\":%d,\"orders\":%d,\"levels\":%d,\"bookHash\":%d", trades, tradedVolume, orders,
                l2.bidSize + l2.askSize, h);
    }

    private static int mix(int h, long v) {
        return h * 31 + (int) v;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: java -jar exchange-core-bench.jar STREAM_FILE");
            System.exit(2);
        }
        OrderCommand[][] stream = readStream(Path.of(args[0]));
        ExchangeCoreBench bench = new ExchangeCoreBench(stream[0], stream[1]);
        System.out.println(String.format(Locale.ROOT, "{\"ready\":true,\"prefill\":%d,\"commands\":%d,\"java\":\"%s\"}", stream[0].length, stream[1].length,
                System.getProperty("java.vm.version")));
        System.out.flush();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in));
        for (String line; (line = in.readLine()) != null; ) {
            String[] words = line.trim().split(" ");
            String answer;
            switch (words[0]) {
                case "begin":
                    bench.begin();
                    answer = "{}";
                    break;
                case "slice":
                    try {
                        double[] t = bench.slice(Integer.parseInt(words[1]), Integer.parseInt(words[2]));
                        answer = String.format(Locale.ROOT, "{\"seconds\":%.9f,\"cpuSeconds\":%.9f}", t[0], t[1]);
                    } catch (RuntimeException e) {
                        answer = "{\"error\":\"" + e.getMessage() + "\"}";
                    }
                    break;
                case "state":
                    answer = "{" + bench.state() + "}";
                    break;
                case "latency":
                    answer = "{" + bench.latency() + "," + bench.state() + "}";
                    break;
                case "quit":
                    return;
                default:
                    answer = "{\"error\":\"unknown request: " + words[0] + "\"}";
            }
            System.out.println(answer);
            System.out.flush();
        }
    }
}
