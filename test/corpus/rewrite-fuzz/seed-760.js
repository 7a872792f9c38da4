"use strict";//mq 		 　ipzo 

"";
/*b g 　k　pumv rnrm*//*
 i*/"use strict";/* l  x*/
"h";/* 
figq  s   kr fy n*/
""
//yoz d﻿oq   k    
/*os    ct bj*/
throw /*o    */((((((3362))).true /*e    ac*/=== /*jxa dggc  s  o﻿ *///bx svig﻿ik dlsbg   i
//a n
 "p#")));/*of 
b fzf d hk*/
for //(; //lt u  bl 　 
/*
 l 　uebs 
*/(((r(this/*lt*/ in//rq  rzx 

/* d t﻿es */
// z g　xsfqo
((.48)))("C`¥"))))().rhnsfwmmnkmv;
//al z za eg ajlq h 

{...this(...b


*= //
((l)),
/* vn  */
...+(eval), //e true, /*p s  ﻿b﻿iz */ /(?:)/gmsuy),/*q   h yh */ /*os ea m   vohvu*//* h xz lc u
s p 　daiy*/...~`/*sxzch h x  d*/
/*fh	 */`/* d
o u*//*s c t
 */

</*ciyohru    h m*/ null,// /*onr
r h y   lk*/ /*u*/...0["Ý"] // xvittbf 
| /*　hkg xhv
h	 	   */	// z    upar hpg i﻿
this/*r  a*/ ?//q 　q l fv takp   c (this[("ùBG")]//lm  p /*	*/	=/*kntatig
o*/ (0xEAF2316C00000)[(/(?=)+W\b(?=(?=)^(?!)()||(?!)(?!))/my)]/* qu	k 　yr e
*/ //j c ugr|= false)/*y 	p k ygnav */ ://zmousqozu　 2e308,/*x jf fc
 */// 
/*﻿ rlspy
ticu  j﻿*/ eval,// [this]:/*fva b g 
 m 		qh*///lrlkrugazm 	 j await
/*g	 
  	u	i bs */
//y
=//yqu	z mg mgiijy
((2e308))()["	".enum]})//svxzpevuafp d fm
//　 h  q bc 
 ({async //i 
=
/*jfzd  j*//*bcs ﻿r 
 zm*/(() =>
/*yrl e  ey
 */
((2421.73))()),
/*ihd*///  ub// xbcar　i hp　x  g m
await //o  h	rqunkdk  // tp= async function/*f sm l
ucmvsi  yx*/　//i s xqb() {//drd   vk lx　 llt 
//　k v	//qd oo z  g　	  ha
 //inj﻿v  tv　f ajo  "use strict"
 //l i
 // cj 　xyzh x
 "use strict";
 // ga　kx    bcir  yimj
"3";

 //u vhuda﻿
/* gp　lr*/  //zrq lj﻿ pg""// dv  hh  cgc　o 
//i
//tc﻿n//vthz   //yh	　al m
 "use strict"/*ok n cn*/},//j nkl p khj   ynk "âÔæ)%":	/*g
*/arguments.y,//r   qqpl
//　 	p/* s*/ async 
/* f     l qo*///l m xv 	 j
/*y sokvdly v*/

=//u
 (((()/*ujt  irf vtg*/ => //xu　	jsm a  g c {}))),////lc z i xikm﻿r s jz
//  x j	 g f l   p
 x,///*lok　 tiq    ﻿*/...isarqsogc}

/* v  o﻿  gpa */= /*fy *///zq  om
await /* tk*/++)  