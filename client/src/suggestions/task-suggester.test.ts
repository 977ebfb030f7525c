import { NaiveBayes } from './naive-bayes';
import { MIN_HISTORY, TaskSuggester } from './task-suggester';
import { titleWords } from './title-words';
import type { HistoryExample } from './history-example';

const groceries = (title: string): HistoryExample => ({ title, listId: 'groceries', tags: ['shopping'], priority: 'low', dueInDays: 1 });
const work = (title: string): HistoryExample => ({ title, listId: 'work', tags: ['work'], priority: 'high', dueInDays: 5 });

describe('task suggestions', () => {
  it('[SG1] a title becomes its words: one spelling, lower case, no stop words, each once, the first word marked', () => {
    expect(titleWords('Buy the MILK and milk')).toEqual(['buy', 'milk', '^buy']);
    expect(titleWords('Ｃall Ｂen')).toEqual(['call', 'ben', '^call']);
    expect(titleWords('  !! ')).toEqual([]);
  });

  it('[SG1] naive Bayes answers the likeliest label with its probability, and nothing for words it never saw', () => {
    const model = new NaiveBayes();
    for (let index = 0; index < 5; index += 1) model.add(['milk', '^buy'], 'groceries');
    model.add(['report', '^email'], 'work');
    const prediction = model.predict(['milk']);
    expect(prediction?.label).toBe('groceries');
    expect(prediction!.confidence).toBeGreaterThan(0.9);
    expect(prediction!.confidence).toBeLessThan(1);
    expect(model.predict(['zebra'])).toBeNull();
  });

  it('[SG1] the suggester learns list, tags, priority and due from the history and suggests them for a new title', () => {
    const suggester = new TaskSuggester();
    for (let index = 0; index < MIN_HISTORY; index += 1) {
      suggester.learn(groceries(index % 2 === 0 ? 'Buy milk' : 'Buy eggs'));
      suggester.learn(work(index % 2 === 0 ? 'Email Anna about the budget' : 'Email Ben about hiring'));
    }
    const suggestion = suggester.suggest('buy milk and bread');
    expect(suggestion.listId).toMatchObject({ value: 'groceries' });
    expect(suggestion.tags.map((tag) => tag.value)).toEqual(['shopping']);
    expect(suggestion.priority).toMatchObject({ value: 'low' });
    expect(suggestion.dueInDays).toMatchObject({ value: 1 });
    expect(suggester.suggest('Email Chloe about hiring').listId).toMatchObject({ value: 'work' });
  });

  it('[SG2] nothing is suggested before the device learned from enough tasks, for an unknown title, or when the history is split', () => {
    const young = new TaskSuggester();
    for (let index = 0; index < MIN_HISTORY - 1; index += 1) young.learn(groceries('Buy milk'));
    expect(young.suggest('Buy milk')).toEqual({ listId: null, tags: [], priority: null, dueInDays: null });

    const split = new TaskSuggester();
    for (let index = 0; index < MIN_HISTORY; index += 1)
      split.learn(index % 2 === 0 ? groceries('Call about the order') : work('Call about the order'));
    expect(split.suggest('Call about the order').listId).toBeNull();
    expect(split.suggest('Walk the dog')).toEqual({ listId: null, tags: [], priority: null, dueInDays: null });
  });
});
