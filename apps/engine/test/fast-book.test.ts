import { FastOrderBook } from '../src/core/fast-book';
import { orderBookSuite } from './support/book-suite';

orderBookSuite('FastOrderBook', () => new FastOrderBook());
