-- The activity categories every installation starts with (labels stay editable by an admin).
INSERT INTO "categories" ("code", "label_ja", "label_en", "sort_order") VALUES
  ('exercise', '体操・健康', 'Exercise and health', 10),
  ('salon', 'サロン・茶話会', 'Salon and tea', 20),
  ('meals', '食事・子ども食堂', 'Meals and children''s cafeteria', 30),
  ('learning', '学習', 'Learning', 40),
  ('hobby', '趣味・文化', 'Hobbies and culture', 50),
  ('consultation', '相談', 'Advice and consultation', 60),
  ('watch', '見守り', 'Looking out for neighbours', 70),
  ('mobility', '移動・買い物支援', 'Transport and shopping help', 80),
  ('recycling', '資源回収', 'Recycling collection', 90),
  ('disaster', '防災', 'Disaster preparedness', 100),
  ('other', 'その他', 'Other', 110)
ON CONFLICT ("code") DO NOTHING;
